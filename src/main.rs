fn main() -> std::process::ExitCode {
    kaoping::cli::main()
}
