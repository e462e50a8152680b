// Command go-tlog checks a Limpide log proof with Go's own transparency-log
// packages (golang.org/x/mod/sumdb/note and sumdb/tlog, from which the C2SP
// signed-note, checkpoint and tiles formats come), which no one on the
// project wrote: an independent verifier for tests/interop/go-tlog.test.mjs.
//
// Usage: go-tlog VKEY PROOF ENTRY
//
//	VKEY   the log's verifier key, as a notice's controller.log_keys lists it
//	PROOF  a C2SP tlog-proof file (c2sp.org/tlog-proof@v1)
//	ENTRY  a file holding the leaf's data (Limpide's "<kind> <digest>")
//
// It prints "ok INDEX SIZE" and exits 0 when the checkpoint's signature by
// VKEY holds and the proof leads from ENTRY at INDEX to its root; otherwise
// it prints why and exits 1.
package main

import (
	"encoding/base64"
	"fmt"
	"os"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

func main() {
	if len(os.Args) != 4 {
		fail("usage: go-tlog VKEY PROOF ENTRY")
	}
	vkey, proofText, entry := read(os.Args[1]), read(os.Args[2]), read(os.Args[3])
	verifier, err := note.NewVerifier(strings.TrimSpace(string(vkey)))
	if err != nil {
		fail("verifier key: %v", err)
	}
	lines := strings.SplitN(string(proofText), "\n\n", 2)
	if len(lines) != 2 {
		fail("proof: no empty line before the checkpoint")
	}
	head := strings.Split(lines[0], "\n")
	if head[0] != "c2sp.org/tlog-proof@v1" {
		fail("proof: not a c2sp.org/tlog-proof@v1")
	}
	head = head[1:]
	if len(head) > 0 && strings.HasPrefix(head[0], "extra ") {
		head = head[1:]
	}
	if len(head) == 0 || !strings.HasPrefix(head[0], "index ") {
		fail("proof: no index line")
	}
	index, err := strconv.ParseInt(strings.TrimPrefix(head[0], "index "), 10, 64)
	if err != nil {
		fail("proof: index: %v", err)
	}
	var proof tlog.RecordProof
	for _, line := range head[1:] {
		h, err := tlog.ParseHash(line)
		if err != nil {
			fail("proof: hash %q: %v", line, err)
		}
		proof = append(proof, h)
	}
	signed, err := note.Open([]byte(lines[1]), note.VerifierList(verifier))
	if err != nil {
		fail("checkpoint: %v", err)
	}
	text := strings.Split(strings.TrimSuffix(signed.Text, "\n"), "\n")
	if len(text) < 3 || text[0] != verifier.Name() {
		fail("checkpoint: not a checkpoint of %s", verifier.Name())
	}
	size, err := strconv.ParseInt(text[1], 10, 64)
	if err != nil {
		fail("checkpoint: size: %v", err)
	}
	rootBytes, err := base64.StdEncoding.DecodeString(text[2])
	if err != nil || len(rootBytes) != tlog.HashSize {
		fail("checkpoint: root hash")
	}
	var root tlog.Hash
	copy(root[:], rootBytes)
	if err := tlog.CheckRecord(proof, size, root, index, tlog.RecordHash(entry)); err != nil {
		fail("inclusion: %v", err)
	}
	fmt.Printf("ok %d %d\n", index, size)
}

func read(path string) []byte {
	data, err := os.ReadFile(path)
	if err != nil {
		fail("%v", err)
	}
	return data
}

func fail(format string, args ...interface{}) {
	fmt.Printf(format+"\n", args...)
	os.Exit(1)
}
