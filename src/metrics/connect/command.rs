//! A program whose standard output is the value. Off unless the user allows it (see
//! [`crate::trust`]). The program runs in a process group of its own, and the whole group
//! is killed when it finishes or times out, so a child it leaves behind cannot hold the
//! pull open or outlive it.

use super::{number_from_text, Window};
use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Runs `argv` in `dir` with the window in `OKR_AS_OF`, `OKR_CYCLE_START` and
/// `OKR_CYCLE_END`, and reads a number from what it prints.
pub fn read(
    argv: &[String],
    dir: &Path,
    window: &Window,
    timeout: Duration,
) -> Result<f64, String> {
    let (program, args) = argv.split_first().ok_or("the command is empty")?;
    let mut command = Command::new(program);
    command
        .args(args)
        .current_dir(dir)
        .env("OKR_AS_OF", window.as_of.to_string())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut command, 0);
    for (name, date) in [
        ("OKR_CYCLE_START", window.cycle_start),
        ("OKR_CYCLE_END", window.cycle_end),
    ] {
        if let Some(date) = date {
            command.env(name, date.to_string());
        }
    }
    let mut child = command
        .spawn()
        .map_err(|e| format!("cannot run `{program}`: {e}"))?;
    let mut stdout = child.stdout.take().expect("stdout is piped");
    let mut stderr = child.stderr.take().expect("stderr is piped");
    let out = std::thread::spawn(move || read_all(&mut stdout));
    let err = std::thread::spawn(move || read_all(&mut stderr));
    let deadline = Instant::now() + timeout;
    let status = loop {
        match child.try_wait().map_err(|e| e.to_string())? {
            Some(status) => break status,
            None if Instant::now() > deadline => {
                kill_group(&mut child);
                let _ = child.wait();
                return Err(format!(
                    "`{program}` did not finish within {}",
                    super::super::pull::seconds(timeout)
                ));
            }
            None => std::thread::sleep(Duration::from_millis(5)),
        }
    };
    // Whatever the program left running goes with it, closing the pipes it held.
    kill_group(&mut child);
    let stdout = out.join().unwrap_or_default();
    let stderr = err.join().unwrap_or_default();
    if !status.success() {
        let reason = stderr.lines().next().unwrap_or("").trim();
        return Err(format!("`{program}` failed ({status}): {reason}"));
    }
    number_from_text(&stdout).map_err(|e| format!("`{program}` {e}"))
}

/// Kills the program's process group (the program and every child it started).
fn kill_group(child: &mut std::process::Child) {
    #[cfg(target_os = "linux")]
    if let Ok(group) = i32::try_from(child.id()) {
        // SAFETY: kill(2) with a negative pid signals that process group; it has no
        // memory effects. The group is the child's own (process_group(0) above).
        unsafe {
            libc::kill(-group, libc::SIGKILL);
        }
        return;
    }
    let _ = child.kill();
}

fn read_all(from: &mut impl Read) -> String {
    let mut bytes = Vec::new();
    let _ = from.take(1 << 20).read_to_end(&mut bytes);
    String::from_utf8_lossy(&bytes).into_owned()
}
