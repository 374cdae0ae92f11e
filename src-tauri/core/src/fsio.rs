//! How Closeout writes the files it owns (journal, preferences, the remembered organization, the
//! report and calendar the owner saves) and makes the folders they live in.
//!
//! Two rules, in one place so no writer forgets them:
//! - **Private.** On Unix every folder Closeout owns is 0700 and every file it writes 0600,
//!   whatever the umask: the journal names every person deleted and the admin, and a 0755 home
//!   is common. Windows needs nothing here: the per-user profile's ACLs already keep other
//!   accounts out.
//! - **Atomic.** A crash at any instant leaves the old file or the new one, never a torn or
//!   empty one: a temporary file unique to this writer is created (`create_new`, so it never
//!   follows a planted link) in the same folder, written, fsynced and renamed over the target
//!   (rename replaces a link instead of writing through it), then the folder is fsynced so the
//!   rename itself survives a power cut.

use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::Path;

/// Temporary files are `.NAME.tmp-PID-RANDOM` beside the target.
const TEMP_MARK: &str = ".tmp-";

/// Writes `bytes` to `path` atomically and durably, readable by the owner only (Unix: 0600).
/// Temporary files that crashed writers (other processes) left for the same target are removed
/// first; on failure the old file is untouched and this writer's temporary file is gone.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let (dir, name) = split(path)?;
    remove_stale_temps(dir, &name);
    write_durably(path, bytes)
}

/// [`write_atomically`] without first looking for other writers' leftovers beside the target:
/// for a writer that makes thousands of new files in one folder (a backup's messages), where
/// that look would read the whole folder for every file. Such a writer sweeps the leftovers
/// once, with [`remove_stale_temps_under`].
pub fn write_durably(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_through_temp(path, bytes, true)
}

/// [`write_durably`] without waiting for the disk: a crash of the process still leaves the
/// whole file or none under its name, and a power cut may lose it. For a writer that makes
/// many files and waits for the disk once for all of them ([`sync_written`]): a backup's
/// group commit.
pub fn write_unsynced(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_through_temp(path, bytes, false)
}

fn write_through_temp(path: &Path, bytes: &[u8], durable: bool) -> io::Result<()> {
    let (dir, name) = split(path)?;
    let temp = dir.join(format!(
        "{}{}-{}",
        temp_prefix(&name),
        std::process::id(),
        rand::random::<u32>()
    ));
    let result = (|| {
        let mut file = private_options().write(true).create_new(true).open(&temp)?;
        file.write_all(bytes)?;
        if durable {
            file.sync_all()?;
        }
        drop(file);
        fs::rename(&temp, path)?;
        if durable {
            sync_dir(dir)?;
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

/// Waits until `files` (written under `root`) and their folders' entries are on the disk.
/// Linux: one `syncfs` of the filesystem holding `root` (one wait for all of them, whatever
/// else that filesystem has pending). Elsewhere: an fsync of each file, then of each folder.
/// A file gone since it was written is skipped: whoever removed it no longer claims it.
pub fn sync_written(root: &Path, files: &[std::path::PathBuf]) -> io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        let _ = files;
        let dir = fs::File::open(root)?;
        // SAFETY: syncfs only reads the descriptor, which `dir` keeps open for the call.
        let rc = unsafe { libc::syncfs(std::os::fd::AsRawFd::as_raw_fd(&dir)) };
        if rc == 0 {
            Ok(())
        } else {
            Err(io::Error::last_os_error())
        }
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = root;
        let mut folders = std::collections::BTreeSet::new();
        for file in files {
            // Windows flushes only through a handle opened for writing (FlushFileBuffers).
            match OpenOptions::new().write(true).open(file) {
                Ok(f) => f.sync_all()?,
                Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
                Err(e) => return Err(e),
            }
            if let Some(parent) = file.parent() {
                folders.insert(parent.to_path_buf());
            }
        }
        folders.iter().try_for_each(|folder| sync_dir(folder))
    }
}

/// Makes `dir` (and any missing parent) and, on Unix, makes `dir` itself 0700 if it was looser.
/// Parents that already existed are left as they are: they are not Closeout's.
pub fn private_dir(dir: &Path) -> io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)?;
    tighten(dir, 0o700)
}

/// [`private_dir`] for `root` and every folder between it and `dir` (both Closeout's), e.g. the
/// data folder, `tenants/` and `tenants/<id>/`.
pub fn private_dirs(root: &Path, dir: &Path) -> io::Result<()> {
    private_dir(dir)?;
    for folder in dir.ancestors().skip(1) {
        if !folder.starts_with(root) {
            break;
        }
        tighten(folder, 0o700)?;
    }
    Ok(())
}

/// On Unix, takes group and other permissions off `path` (an existing file or folder) so its
/// mode is at most `mode`; elsewhere nothing.
pub fn tighten(path: &Path, mode: u32) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let current = fs::metadata(path)?.permissions().mode() & 0o777;
        if current & !mode != 0 {
            fs::set_permissions(path, fs::Permissions::from_mode(current & mode))?;
        }
    }
    #[cfg(not(unix))]
    let _ = (path, mode);
    Ok(())
}

/// Open options for a new file only its owner can read (Unix: 0600, whatever the umask).
pub fn private_options() -> OpenOptions {
    #[allow(unused_mut)]
    let mut options = OpenOptions::new();
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options
}

fn split(path: &Path) -> io::Result<(&Path, String)> {
    match (path.parent(), path.file_name()) {
        (Some(dir), Some(name)) => {
            let dir = if dir.as_os_str().is_empty() {
                Path::new(".")
            } else {
                dir
            };
            Ok((dir, name.to_string_lossy().into_owned()))
        }
        _ => Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("not a file path: {}", path.display()),
        )),
    }
}

fn temp_prefix(name: &str) -> String {
    format!(".{name}{TEMP_MARK}")
}

fn remove_stale_temps(dir: &Path, name: &str) {
    let prefix = temp_prefix(name);
    for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
        let entry_name = entry.file_name().to_string_lossy().into_owned();
        if entry_name.starts_with(&prefix) && is_stale_temp(&entry_name) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Whether a file name is another process's temporary file: `.NAME.tmp-PID-RANDOM`.
fn is_stale_temp(file_name: &str) -> bool {
    let Some((head, tail)) = file_name.rsplit_once(TEMP_MARK) else {
        return false;
    };
    let Some((pid, random)) = tail.split_once('-') else {
        return false;
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    head.len() > 1
        && head.starts_with('.')
        && digits(pid)
        && digits(random)
        && pid != std::process::id().to_string()
}

/// Removes, anywhere under `root`, the temporary files writers that crashed left (never this
/// process's own); returns how many. A missing `root` has none.
pub fn remove_stale_temps_under(root: &Path) -> io::Result<usize> {
    let mut removed = 0;
    let mut folders = vec![root.to_path_buf()];
    while let Some(folder) = folders.pop() {
        let entries = match fs::read_dir(&folder) {
            Ok(entries) => entries,
            Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
            Err(e) => return Err(e),
        };
        for entry in entries {
            let entry = entry?;
            let kind = entry.file_type()?;
            if kind.is_dir() {
                folders.push(entry.path());
            } else if kind.is_file() && is_stale_temp(&entry.file_name().to_string_lossy()) {
                fs::remove_file(entry.path())?;
                removed += 1;
            }
        }
    }
    Ok(removed)
}

/// Makes a rename into `dir` survive a power cut (Unix: fsync of the folder).
#[cfg(unix)]
pub(crate) fn sync_dir(dir: &Path) -> io::Result<()> {
    fs::File::open(dir)?.sync_all()
}

/// Windows cannot open a folder for fsync; NTFS journals the rename (MoveFileEx) itself.
#[cfg(not(unix))]
pub(crate) fn sync_dir(_dir: &Path) -> io::Result<()> {
    Ok(())
}
