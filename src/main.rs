fn main() -> std::process::ExitCode {
    kaoping::cli::main()
}

/// mimalloc rather than the system allocator: `check` on a large month about 10 % faster
/// (docs/performance.md); the library and its tests do not depend on it. Built without
/// transparent huge pages (`no_thp`, Cargo.toml): with them, `run` on the large month
/// spent 0.1–1.3 s of system time zeroing and compacting 2 MB pages, as the machine's
/// memory happened to lie; without, 0.2 s every time, and 45 MB less peak memory.
/// mimalloc 2 (`v2`) rather than 3: 3 keeps freed memory a second before giving it
/// back, so what the reading freed was still held while the report was written —
/// run's peak at 1,000 PMs 151 MB against 109 MB with 2, in the same time (0.94 and
/// 0.93 s; check 0.42 and 0.44 s).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
