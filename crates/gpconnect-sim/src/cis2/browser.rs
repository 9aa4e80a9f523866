//! Plays the user's browser on the stand-in's sign-in page, for demo mode's one-click sign-in
//! and for tests: GET the authorization URL, read the form (its hidden fields and the
//! offered user-role choices), POST the chosen one, and follow the redirect to the client's
//! loopback listener, exactly as a browser would. Nothing here short-cuts the protocol: the
//! client still exchanges the code, with PKCE and its assertion.

use std::time::Duration;

/// What to answer on the sign-in page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// Sign in as user `uid` working in role `role_id`.
    SignIn {
        /// The demo user's UID.
        uid: String,
        /// The role's `person_roleid`.
        role_id: String,
    },
    /// Press Cancel.
    Cancel,
}

fn unescape(text: &str) -> String {
    text.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The value of attribute `name` in the tag text `tag`.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let end = tag[start..].find('"')? + start;
    Some(unescape(&tag[start..end]))
}

/// The hidden fields and the choice values of the page's form.
fn read_form(html: &str) -> (Vec<(String, String)>, Vec<String>) {
    let mut hidden = Vec::new();
    let mut choices = Vec::new();
    for tag in html.split('<').filter(|t| t.starts_with("input ")) {
        match attribute(tag, "type").as_deref() {
            Some("hidden") => {
                if let (Some(name), Some(value)) = (attribute(tag, "name"), attribute(tag, "value"))
                {
                    hidden.push((name, value));
                }
            }
            Some("radio") => choices.extend(attribute(tag, "value")),
            _ => {}
        }
    }
    (hidden, choices)
}

/// Answers the sign-in page at `authorize_url` with `answer`, and follows the redirect to
/// the client (which must be listening).
///
/// Errors: a sentence saying which step failed (page not served, choice not offered, no
/// redirect, the client did not answer).
pub async fn answer(authorize_url: &str, answer: &Answer) -> Result<(), String> {
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        .no_proxy()
        .build()
        .map_err(|e| e.to_string())?;
    let page = http
        .get(authorize_url)
        .send()
        .await
        .map_err(|e| format!("the sign-in page: {e}"))?;
    let status = page.status();
    let html = page.text().await.map_err(|e| e.to_string())?;
    if !status.is_success() {
        return Err(format!("the sign-in page answered {status}: {html}"));
    }
    let (mut form, choices) = read_form(&html);
    match answer {
        Answer::SignIn { uid, role_id } => {
            let choice = format!("{uid}:{role_id}");
            if !choices.contains(&choice) {
                return Err(format!("the sign-in page offers no {choice}"));
            }
            form.push(("choice".to_owned(), choice));
            form.push(("action".to_owned(), "sign-in".to_owned()));
        }
        Answer::Cancel => form.push(("action".to_owned(), "cancel".to_owned())),
    }
    let action = authorize_url.split('?').next().unwrap_or(authorize_url);
    let posted = http
        .post(action)
        .form(&form)
        .send()
        .await
        .map_err(|e| format!("posting the choice: {e}"))?;
    let location = posted
        .headers()
        .get(reqwest::header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
        .ok_or_else(|| format!("no redirect after the choice (HTTP {})", posted.status()))?;
    http.get(&location)
        .send()
        .await
        .map_err(|e| format!("the client's redirect URI did not answer: {e}"))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_hidden_fields_and_choices() {
        let html = r#"<form><input type="hidden" name="state" value="a&amp;b">
            <label><input type="radio" id="c" name="choice" value="1:2" checked> GP</label></form>"#;
        let (hidden, choices) = read_form(html);
        assert_eq!(hidden, vec![("state".to_owned(), "a&b".to_owned())]);
        assert_eq!(choices, vec!["1:2".to_owned()]);
    }
}
