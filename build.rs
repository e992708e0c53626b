//! Build script: the default theme is embedded with `include_dir!`, which cargo does not know
//! about; rebuild when any theme file changes so the binary never ships a stale theme.
fn main() {
    println!("cargo:rerun-if-changed=themes/default");
}
