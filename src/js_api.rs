//! The ES module API (`limpide.js`, feature `js-api`): `mount()` and the
//! handle it resolves to.

mod mount;
