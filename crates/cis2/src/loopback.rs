//! The loopback redirect listener of a native app (RFC 8252 §7.3): a one-shot HTTP server on
//! `127.0.0.1:{port}` (the fixed port registered with CIS2) that waits for the browser to
//! come back to `/callback?code=…&state=…` (or `?error=…`), answers with a short page telling
//! the user to return to the app, and hands the code over. Any other request gets 404 and
//! the listener keeps waiting. The request head is parsed with `httparse`.

use std::time::Duration;

use openidconnect::url::Url;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use crate::config::{CALLBACK_PATH, redirect_uri};
use crate::error::{Error, Result};
use crate::provider::Callback;
use crate::secret::Secret;

/// The page shown in the browser once the app has the answer.
const DONE_PAGE: &str = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Signed in</title></head>\
<body style=\"font-family:sans-serif;margin:2rem\"><h1>You can close this tab</h1>\
<p>Return to GP Connect Booking.</p></body></html>";

/// A bound loopback listener.
#[derive(Debug)]
pub struct LoopbackListener {
    listener: TcpListener,
    port: u16,
}

impl LoopbackListener {
    /// Binds `127.0.0.1:{port}` (0 picks a free port, for tests).
    ///
    /// Errors: [`Error::Listen`] when the port is taken.
    pub async fn bind(port: u16) -> Result<Self> {
        let listener = TcpListener::bind(("127.0.0.1", port))
            .await
            .map_err(|e| Error::Listen {
                port,
                message: e.to_string(),
            })?;
        let port = listener.local_addr().map(|a| a.port()).unwrap_or(port);
        Ok(Self { listener, port })
    }

    /// The port listened on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// `http://127.0.0.1:{port}/callback`.
    pub fn redirect_uri(&self) -> String {
        redirect_uri(self.port)
    }

    /// Waits up to `timeout` for the redirect to `/callback`.
    ///
    /// Errors: [`Error::NotCompleted`] after `timeout`; [`Error::Refused`] when the
    /// redirect carries `error` (e.g. `access_denied`); [`Error::Callback`] without a code.
    pub async fn wait(&self, timeout: Duration) -> Result<Callback> {
        tokio::time::timeout(timeout, self.accept_callback())
            .await
            .map_err(|_| Error::NotCompleted)?
    }

    async fn accept_callback(&self) -> Result<Callback> {
        loop {
            let Ok((mut stream, _)) = self.listener.accept().await else {
                continue;
            };
            let Some(target) = read_target(&mut stream).await else {
                respond(&mut stream, 400, "Bad request").await;
                continue;
            };
            let Ok(url) = Url::parse(&format!("http://127.0.0.1{target}")) else {
                respond(&mut stream, 400, "Bad request").await;
                continue;
            };
            if url.path() != CALLBACK_PATH {
                respond(&mut stream, 404, "Not found").await;
                continue;
            }
            let param = |name: &str| {
                url.query_pairs()
                    .find(|(k, _)| k == name)
                    .map(|(_, v)| v.into_owned())
            };
            respond(&mut stream, 200, DONE_PAGE).await;
            if let Some(error) = param("error") {
                return Err(Error::Refused {
                    error,
                    description: param("error_description"),
                });
            }
            let (Some(code), Some(state)) = (param("code"), param("state")) else {
                return Err(Error::Callback(
                    "the redirect carried no code or state".to_owned(),
                ));
            };
            return Ok(Callback {
                code: Secret::new(code),
                state,
            });
        }
    }
}

/// Reads a request head (up to 16 KiB, 5 s) and returns the target of a GET.
async fn read_target(stream: &mut TcpStream) -> Option<String> {
    let mut buffer = Vec::with_capacity(2048);
    let read = async {
        let mut chunk = [0_u8; 2048];
        loop {
            let n = stream.read(&mut chunk).await.ok()?;
            if n == 0 {
                return None;
            }
            buffer.extend_from_slice(&chunk[..n]);
            let mut headers = [httparse::EMPTY_HEADER; 64];
            let mut request = httparse::Request::new(&mut headers);
            match request.parse(&buffer) {
                Ok(httparse::Status::Complete(_)) => {
                    return (request.method == Some("GET"))
                        .then(|| request.path.map(str::to_owned))
                        .flatten();
                }
                Ok(httparse::Status::Partial) if buffer.len() < 16 * 1024 => {}
                _ => return None,
            }
        }
    };
    tokio::time::timeout(Duration::from_secs(5), read)
        .await
        .ok()
        .flatten()
}

async fn respond(stream: &mut TcpStream, status: u16, body: &str) {
    let reason = match status {
        200 => "OK",
        404 => "Not Found",
        _ => "Bad Request",
    };
    let response = format!(
        "HTTP/1.1 {status} {reason}\r\ncontent-type: text/html; charset=utf-8\r\n\
         content-length: {}\r\ncache-control: no-store\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    // The browser may have gone: nothing to do about a failed write.
    let _ = stream.write_all(response.as_bytes()).await;
    let _ = stream.shutdown().await;
}
