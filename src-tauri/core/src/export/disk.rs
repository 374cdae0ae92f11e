//! Free space on the disk of the backup folder, checked before starting and before each file,
//! so a backup stops cleanly with a clear message instead of filling the disk.

use std::path::Path;

/// Bytes free for this user on the file system holding `dir`; `None` where it cannot be asked.
#[cfg(unix)]
pub fn free_bytes(dir: &Path) -> Option<u64> {
    use std::os::unix::ffi::OsStrExt;
    let c = std::ffi::CString::new(dir.as_os_str().as_bytes()).ok()?;
    let mut st: libc::statvfs = unsafe { std::mem::zeroed() };
    // SAFETY: `c` is a valid NUL-terminated path and `st` a writable statvfs.
    let rc = unsafe { libc::statvfs(c.as_ptr(), &mut st) };
    (rc == 0).then(|| st.f_bavail as u64 * st.f_frsize as u64)
}

/// INFERENCE: without a platform call here, Windows relies on the write errors (disk full)
/// being caught, which stops the backup just as cleanly, only later.
#[cfg(not(unix))]
pub fn free_bytes(_dir: &Path) -> Option<u64> {
    None
}
