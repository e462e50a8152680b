//! A real PostgreSQL cluster of our own: made with `initdb` in a temporary
//! folder (as the `postgres` user when we are root: initdb refuses root),
//! on a free loopback port, and removed on drop.

use std::path::PathBuf;
use std::process::Command;

use super::server::{free_port, TempDir};

const BIN_DIRS: [&str; 3] = [
    "/usr/lib/postgresql/15/bin",
    "/usr/lib/postgresql/16/bin",
    "/usr/lib/postgresql/17/bin",
];

pub struct Cluster {
    bin: PathBuf,
    data: PathBuf,
    pub port: u16,
    /// `-c` settings, kept for a restart.
    settings: Vec<String>,
    as_postgres: bool,
    _dir: TempDir,
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

impl Cluster {
    /// A new cluster, started. `settings` are `-c` options (e.g. `fsync=off`).
    pub fn start(settings: &[&str]) -> Self {
        let bin = BIN_DIRS
            .iter()
            .map(PathBuf::from)
            .find(|d| d.join("initdb").exists())
            .expect("PostgreSQL is not installed (Debian: apt-get install postgresql-15); `cargo xtask test` installs it");
        let dir = TempDir::new("limpide-pg");
        let data = dir.0.join("data");
        let as_postgres = is_root();
        if as_postgres {
            let ok = Command::new("chown")
                .args(["-R", "postgres:postgres"])
                .arg(&dir.0)
                .status()
                .unwrap()
                .success();
            assert!(ok, "cannot give the cluster folder to the postgres user");
        }
        let cluster = Self {
            bin,
            data,
            port: free_port(),
            settings: settings.iter().map(|s| s.to_string()).collect(),
            as_postgres,
            _dir: dir,
        };
        cluster.pg(
            "initdb",
            &[
                "-A",
                "trust",
                "-U",
                "postgres",
                "--no-sync",
                "-E",
                "UTF8",
                "-D",
            ],
        );
        cluster.restart();
        cluster
    }

    /// A PostgreSQL program, run as the postgres user when we are root,
    /// with `args` and the data folder last.
    fn command(&self, program: &str, args: &[&str]) -> Command {
        let mut command = if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(self.bin.join(program));
            c
        } else {
            Command::new(self.bin.join(program))
        };
        command.args(args).arg(&self.data);
        command
    }

    fn pg(&self, program: &str, args: &[&str]) {
        let out = self.command(program, args).output().unwrap();
        assert!(
            out.status.success(),
            "{program} failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }

    fn pg_ctl(&self, action: &[&str], options: Option<&str>) {
        let log = self._dir.0.join("server.log");
        let mut args: Vec<String> = action.iter().map(|s| s.to_string()).collect();
        if action.contains(&"-l") {
            args.push(log.display().to_string());
        }
        if let Some(o) = options {
            args.push("-o".into());
            args.push(o.into());
        }
        args.push("-D".into());
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        self.pg("pg_ctl", &args);
    }

    /// Stops the server (the database goes down), keeping its data.
    pub fn stop(&self) {
        self.pg_ctl(&["stop", "-w", "-m", "fast"], None);
    }

    /// Starts the server, first or again after [`Cluster::stop`], with the
    /// settings it was made with.
    pub fn restart(&self) {
        let mut options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c max_connections=200",
            self.port,
            self._dir.0.display()
        );
        for s in &self.settings {
            options.push_str(&format!(" -c {s}"));
        }
        self.pg_ctl(&["start", "-w", "-l"], Some(&options));
    }

    /// A new, empty database; its URL.
    pub fn database(&self, name: &str) -> String {
        let out = Command::new("psql")
            .args([
                "-h",
                "127.0.0.1",
                "-p",
                &self.port.to_string(),
                "-U",
                "postgres",
                "-q",
                "-c",
            ])
            // Quoted: a label may hold a `-` (`console-campaign`).
            .arg(format!("CREATE DATABASE \"{name}\""))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "createdb: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        format!("postgres://postgres@127.0.0.1:{}/{name}", self.port)
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        // Never panic here: this runs while a failed test unwinds too.
        let _ = self
            .command("pg_ctl", &["stop", "-w", "-m", "immediate", "-D"])
            .output();
    }
}
