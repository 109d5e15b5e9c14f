//! Properties over generated tables, and speed.
