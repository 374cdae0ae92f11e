//! The app crate's layers point one way (ARCHITECTURE.md): command modules are leaves. A
//! command module imports from the app's shared modules (`clock`, `paths`, `state`, `views`...)
//! and the core, never from another command module; nothing outside `commands/` imports from
//! it except `lib.rs`, which registers the commands. Read from the source, since the compiler
//! allows both.

use std::fs;
use std::path::{Path, PathBuf};

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files.sort();
    files
}

/// Each `use` statement of a file as one line, however rustfmt wrapped it.
fn imports(path: &Path) -> Vec<String> {
    let text = fs::read_to_string(path).unwrap();
    let mut statements = Vec::new();
    let mut open: Option<String> = None;
    for line in text.lines().map(str::trim) {
        if open.is_none() && (line.starts_with("use ") || line.starts_with("pub use ")) {
            open = Some(String::new());
        }
        if let Some(statement) = open.as_mut() {
            statement.push_str(line);
            if line.ends_with(';') {
                statements.extend(open.take());
            }
        }
    }
    statements
}

fn app_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src-tauri/app")
}

#[test]
fn a_command_module_imports_no_other_command_module() {
    let commands = app_dir().join("commands");
    let mut crossing = Vec::new();
    for file in rust_files(&commands) {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        if name == "mod.rs" {
            continue;
        }
        for line in imports(&file) {
            if line.contains("super::") || line.contains("crate::commands") {
                crossing.push(format!("commands/{name}: {line}"));
            }
        }
    }
    assert!(crossing.is_empty(), "{crossing:#?}");
    assert!(
        rust_files(&commands).len() > 5,
        "the command modules were read"
    );
}

#[test]
fn only_the_command_list_reaches_into_commands() {
    let app = app_dir();
    let mut reaching = Vec::new();
    for file in rust_files(&app) {
        let relative = file
            .strip_prefix(&app)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        if relative.starts_with("commands") || relative == "lib.rs" {
            continue;
        }
        for line in imports(&file) {
            if line.contains("commands::") {
                reaching.push(format!("{relative}: {line}"));
            }
        }
    }
    assert!(reaching.is_empty(), "{reaching:#?}");
}
