//! Opening the authorization URL in the user's system browser (RFC 8252 §4: an external
//! user agent, never a web view inside the app), through the `open` crate; or, when
//! `GPC_BROWSER` is set, with that command instead (its words, then the URL as the last
//! argument), which is how tests and unusual desktops take over this step.

/// The environment variable naming a browser command to use instead of the system's.
pub const BROWSER_VARIABLE: &str = "GPC_BROWSER";

/// How to open a URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Browser {
    /// The system's default browser.
    System,
    /// A command: program and arguments; the URL is appended.
    Command(Vec<String>),
}

impl Browser {
    /// `GPC_BROWSER` when set and not blank, else the system browser.
    pub fn from_env() -> Self {
        std::env::var(BROWSER_VARIABLE)
            .ok()
            .map(|v| v.split_whitespace().map(str::to_owned).collect::<Vec<_>>())
            .filter(|words| !words.is_empty())
            .map_or(Self::System, Self::Command)
    }

    /// Opens `url` without waiting for the browser to close.
    ///
    /// Errors: [`crate::Error::Browser`] when it cannot be started.
    pub fn open(&self, url: &str) -> crate::Result<()> {
        match self {
            Self::System => {
                open::that_detached(url).map_err(|e| crate::Error::Browser(e.to_string()))
            }
            Self::Command(words) => {
                let (program, args) = words
                    .split_first()
                    .ok_or_else(|| crate::Error::Browser("empty command".to_owned()))?;
                std::process::Command::new(program)
                    .args(args)
                    .arg(url)
                    .stdin(std::process::Stdio::null())
                    .spawn()
                    .map(|mut child| {
                        // Reap it when it ends, without waiting here.
                        std::thread::spawn(move || child.wait());
                    })
                    .map_err(|e| crate::Error::Browser(format!("{program}: {e}")))
            }
        }
    }
}
