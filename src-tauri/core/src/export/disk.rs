//! Free space on the disk of the backup folder, checked before starting and before each file,
//! so a backup stops cleanly with a clear message instead of filling the disk.

use std::path::Path;

/// Whether `free` bytes hold `need` more and still leave `reserve` free (no overflow on
/// absurd sizes: a drive listing could claim anything).
pub fn enough(free: u64, need: u64, reserve: u64) -> bool {
    need.checked_add(reserve).is_some_and(|total| free >= total)
}

/// `dir` as the NUL-terminated UTF-16 string the Win32 API takes (pure, tested everywhere).
#[cfg_attr(not(windows), allow(dead_code))]
pub fn wide_nul(dir: &str) -> Vec<u16> {
    dir.encode_utf16().chain(std::iter::once(0)).collect()
}

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

/// Windows: `GetDiskFreeSpaceExW`'s bytes available to this user (quotas included).
#[cfg(windows)]
pub fn free_bytes(dir: &Path) -> Option<u64> {
    use windows_sys::Win32::Storage::FileSystem::GetDiskFreeSpaceExW;
    let wide = wide_nul(&dir.to_string_lossy());
    let mut available: u64 = 0;
    // SAFETY: `wide` is NUL-terminated and outlives the call; the two other outputs may be null.
    let ok = unsafe {
        GetDiskFreeSpaceExW(
            wide.as_ptr(),
            &mut available,
            std::ptr::null_mut(),
            std::ptr::null_mut(),
        )
    };
    (ok != 0).then_some(available)
}

/// Elsewhere the write errors (disk full) are caught, which stops the backup as cleanly, later.
#[cfg(not(any(unix, windows)))]
pub fn free_bytes(_dir: &Path) -> Option<u64> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enough_space_counts_the_reserve_and_never_overflows() {
        assert!(enough(100, 60, 40));
        assert!(!enough(100, 61, 40));
        assert!(!enough(u64::MAX - 1, u64::MAX, 1));
    }

    #[test]
    fn windows_paths_become_nul_terminated_utf16() {
        assert_eq!(wide_nul("C:\\"), vec![67, 58, 92, 0]);
        assert_eq!(wide_nul("D:\\Bäckerei").last(), Some(&0));
        assert_eq!(
            wide_nul("D:\\Bäckerei").len(),
            "D:\\Bäckerei".chars().count() + 1
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_real_folder_has_some_free_space() {
        let dir = std::env::temp_dir();
        assert!(free_bytes(&dir).is_some_and(|b| b > 0));
    }
}
