//! The authorization endpoint (RFC 6749 §4.1.1, RFC 7636, OpenID Connect Core §3.1.2): the
//! request is checked (a registered client, a loopback redirect URI, `response_type=code`,
//! the `openid` scope, `state`, `nonce` and an S256 code challenge), then a page lists each
//! demo user's roles; choosing one (as CIS2 asks a user with several roles when the
//! `selectedrole` scope is sent, §1.3) redirects back with a one-use code. "Cancel" redirects
//! with `error=access_denied`.
//!
//! A request with an unknown client or a redirect URI that is not loopback gets an error
//! page and no redirect (RFC 6749 §4.1.2.1).

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Form, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::{Cis2, Grant, lock};

/// Seconds a code may wait before it is exchanged.
const CODE_LIFETIME_SECONDS: i64 = 120;

/// The parameters carried from the page to the form post.
const CARRIED: [&str; 10] = [
    "response_type",
    "client_id",
    "redirect_uri",
    "scope",
    "state",
    "nonce",
    "code_challenge",
    "code_challenge_method",
    "prompt",
    "max_age",
];

type Params = HashMap<String, String>;

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

fn html(status: StatusCode, title: &str, body: &str) -> Response {
    let html = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>{title}</title><style>body{{font-family:sans-serif;margin:2rem;max-width:40rem}}\
         fieldset{{border:1px solid #999;margin:0 0 1rem;padding:.5rem 1rem}}\
         label{{display:block;margin:.4rem 0}}button{{font-size:1rem;margin-right:1rem}}</style>\
         </head><body><main><h1>{title}</h1>{body}</main></body></html>"
    );
    (
        status,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        html,
    )
        .into_response()
}

fn error_page(message: &str) -> Response {
    html(
        StatusCode::BAD_REQUEST,
        "Sign-in request refused",
        &format!("<p>{}</p>", escape(message)),
    )
}

/// A redirect to the client with `params` added to its redirect URI.
fn redirect(redirect_uri: &str, params: &[(&str, &str)]) -> Response {
    let query: String = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(params)
        .finish();
    let separator = if redirect_uri.contains('?') { '&' } else { '?' };
    (
        StatusCode::FOUND,
        [
            (
                header::LOCATION,
                format!("{redirect_uri}{separator}{query}"),
            ),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
    )
        .into_response()
}

/// A native app's loopback redirect URI: `http://127.0.0.1:{port}/…` or `http://localhost:…`
/// (RFC 8252 §7.3; any port, as the stand-in has no registered one).
fn loopback(uri: &str) -> bool {
    ["http://127.0.0.1:", "http://localhost:", "http://[::1]:"]
        .iter()
        .any(|prefix| uri.starts_with(prefix))
}

/// Checks a request: an error page when the client must not be redirected to, else a
/// redirect carrying the error.
fn check(cis2: &Cis2, params: &Params) -> Result<(), Box<Response>> {
    let get = |name: &str| params.get(name).map(String::as_str).unwrap_or("");
    let client_id = get("client_id");
    if cis2.client(client_id).is_none() {
        return Err(Box::new(error_page(&format!(
            "The client {client_id:?} is not registered."
        ))));
    }
    let redirect_uri = get("redirect_uri");
    if !loopback(redirect_uri) {
        return Err(Box::new(error_page(
            "The redirect URI must be a loopback address (http://127.0.0.1:port/…).",
        )));
    }
    let state = get("state");
    let refuse = |description: &str| {
        Box::new(redirect(
            redirect_uri,
            &[
                ("error", "invalid_request"),
                ("error_description", description),
                ("state", state),
            ],
        ))
    };
    if get("response_type") != "code" {
        return Err(refuse("response_type must be code"));
    }
    if !get("scope").split_whitespace().any(|s| s == "openid") {
        return Err(refuse("the openid scope is required"));
    }
    if state.is_empty() || get("nonce").is_empty() {
        return Err(refuse("state and nonce are required"));
    }
    if get("code_challenge").len() < 43 || get("code_challenge_method") != "S256" {
        return Err(refuse("a PKCE code_challenge with method S256 is required"));
    }
    Ok(())
}

/// The sign-in page for a checked request.
async fn render(cis2: &Cis2, params: &Params) -> Response {
    if let Err(response) = check(cis2, params) {
        return *response;
    }
    let hidden: String = CARRIED
        .iter()
        .filter_map(|name| params.get(*name).map(|v| (name, v)))
        .map(|(name, value)| {
            format!(
                "<input type=\"hidden\" name=\"{name}\" value=\"{}\">",
                escape(value)
            )
        })
        .collect();
    let mut options = String::new();
    let mut first = true;
    for user in cis2.users() {
        options.push_str(&format!(
            "<fieldset><legend>{} <small>({}, {})</small></legend>",
            escape(&user.display()),
            user.uid,
            escape(user.note)
        ));
        for role in &user.roles {
            let id = format!("choice-{}-{}", user.uid, role.person_roleid);
            let role_name = role
                .role_name
                .rsplit(':')
                .next()
                .unwrap_or("")
                .trim_matches('"');
            options.push_str(&format!(
                "<label for=\"{id}\"><input type=\"radio\" id=\"{id}\" name=\"choice\" \
                 value=\"{}:{}\"{}> {} at {} ({})</label>",
                user.uid,
                role.person_roleid,
                if first { " checked" } else { "" },
                escape(role_name),
                escape(role.org_name),
                role.org_code
            ));
            first = false;
        }
        options.push_str("</fieldset>");
    }
    html(
        StatusCode::OK,
        "NHS Care Identity Service (demo stand-in)",
        &format!(
            "<p>Choose a demo user and the role to work in. No real account is used.</p>\
             <form method=\"post\" action=\"authorize\">{hidden}{options}\
             <button type=\"submit\" name=\"action\" value=\"sign-in\" id=\"sign-in\">Sign in</button>\
             <button type=\"submit\" name=\"action\" value=\"cancel\" id=\"cancel\">Cancel</button>\
             </form>"
        ),
    )
}

/// `GET …/authorize`.
pub async fn page(State(cis2): State<Arc<Cis2>>, Query(params): Query<Params>) -> Response {
    render(&cis2, &params).await
}

/// `POST …/authorize`: the chosen user and role, or cancel.
pub async fn choose(State(cis2): State<Arc<Cis2>>, Form(params): Form<Params>) -> Response {
    if let Err(response) = check(&cis2, &params) {
        return *response;
    }
    let get = |name: &str| params.get(name).map(String::as_str).unwrap_or("");
    let (redirect_uri, state) = (get("redirect_uri"), get("state"));
    if get("action") == "cancel" {
        return redirect(
            redirect_uri,
            &[
                ("error", "access_denied"),
                ("error_description", "The user cancelled the sign-in"),
                ("state", state),
            ],
        );
    }
    let chosen = get("choice").split_once(':').and_then(|(uid, role)| {
        cis2.user(uid)
            .and_then(|user| user.role(role))
            .map(|r| (uid.to_owned(), r.person_roleid.to_owned()))
    });
    let Some((uid, role_id)) = chosen else {
        return error_page("Choose one of the demo users' roles.");
    };
    let now = cis2.clock.now();
    let code = uuid::Uuid::new_v4().simple().to_string();
    lock(&cis2.codes).insert(
        code.clone(),
        Grant {
            client_id: get("client_id").to_owned(),
            redirect_uri: redirect_uri.to_owned(),
            code_challenge: get("code_challenge").to_owned(),
            nonce: get("nonce").to_owned(),
            uid,
            role_id,
            auth_time: now,
            expires_at: now + chrono::Duration::seconds(CODE_LIFETIME_SECONDS),
        },
    );
    redirect(redirect_uri, &[("code", &code), ("state", state)])
}
