//! The ES module API (`limpide.js`, feature `js-api`): `mount()`
//! (`mount.rs`) into an open shadow root (`root.rs`), the handle it
//! resolves to (`handle.rs`), and the events on the host (`events.rs`).

mod events;
mod handle;
mod mount;
mod root;
