//! Outputs written whole or not at all.
//!
//! Every file is first written to a temporary file in its destination folder and
//! renamed into place only when all of a run's files are written, so a crash or an
//! error never leaves half a file, and a run's files are never a mix of two runs.
//!
//! ```
//! let dir = tempfile::tempdir().unwrap();
//! cohortmatch::output::write_files(dir.path(), &[("a.txt", b"one".to_vec()), ("b.txt", b"two".to_vec())]).unwrap();
//! assert_eq!(std::fs::read(dir.path().join("b.txt")).unwrap(), b"two");
//! ```

use std::io::Write;
use std::path::Path;

use crate::error::Error;

/// Writes every `(file name, contents)` into `dir` (created if needed): all are
/// written to temporary files first, then renamed into place.
///
/// # Errors
/// [`Error::Write`] naming the file that failed; no file of the set is renamed
/// into place when any write failed.
pub fn write_files<N, B>(dir: &Path, files: &[(N, B)]) -> Result<(), Error>
where
    N: AsRef<str>,
    B: AsRef<[u8]>,
{
    let fail = |path: &Path, source: std::io::Error| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    std::fs::create_dir_all(dir).map_err(|e| fail(dir, e))?;
    let mut staged = Vec::with_capacity(files.len());
    for (name, bytes) in files {
        let target = dir.join(name.as_ref());
        let mut builder = tempfile::Builder::new();
        builder.prefix(".cohortmatch-");
        // Temporary files are private by default; outputs get the usual mode.
        #[cfg(unix)]
        builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644));
        let mut tmp = builder.tempfile_in(dir).map_err(|e| fail(&target, e))?;
        tmp.write_all(bytes.as_ref())
            .and_then(|()| tmp.as_file().sync_all())
            .map_err(|e| fail(&target, e))?;
        staged.push((tmp, target));
    }
    for (tmp, target) in staged {
        tmp.persist(&target).map_err(|e| fail(&target, e.error))?;
    }
    Ok(())
}
