//! Who is asking: a session cookie (HttpOnly, SameSite=Strict) or an API token
//! (`Authorization: Bearer`); the CSRF token every state-changing request with a
//! cookie must carry; login rate limiting.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::App;
use super::store::{Role, User};
use crate::text::Lang;

/// The session cookie's name.
pub const COOKIE: &str = "kaoping_session";
/// The header a cookie-authenticated API request carries its CSRF token in.
pub const CSRF_HEADER: &str = "x-csrf-token";

/// A signed-in caller.
#[derive(Debug, Clone)]
pub struct Caller {
    pub user: User,
    /// The session's CSRF token; `None` for a Bearer token (exempt from CSRF).
    pub csrf: Option<String>,
    pub lang: Lang,
}

impl Caller {
    /// 403 unless `allowed`.
    pub fn refuse_unless(&self, allowed: bool) -> Option<Response> {
        (!allowed).then(|| forbidden(self.lang))
    }

    pub fn role(&self) -> Role {
        self.user.role
    }

    /// A form that changes something: 403 unless `allowed`, then the CSRF check of
    /// [`Caller::csrf_refusal`].
    pub fn refuse_form(&self, allowed: bool, csrf: &str) -> Option<Response> {
        self.refuse_unless(allowed).or_else(|| self.csrf_refusal(Some(csrf)))
    }

    /// A state-changing request: with a session, the CSRF token must be `given`.
    pub fn csrf_refusal(&self, given: Option<&str>) -> Option<Response> {
        match &self.csrf {
            None => None,
            Some(expected) if given.is_some_and(|g| constant_eq(g.as_bytes(), expected.as_bytes())) => None,
            Some(_) => Some(
                (
                    StatusCode::FORBIDDEN,
                    self.lang.pick(
                        "请求缺少有效的 CSRF 令牌，请刷新页面后重试",
                        "missing or wrong CSRF token; reload the page and try again",
                    ),
                )
                    .into_response(),
            ),
        }
    }
}

fn constant_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

pub fn forbidden(lang: Lang) -> Response {
    (StatusCode::FORBIDDEN, lang.pick("您的角色无权访问此处", "your role may not see or do this")).into_response()
}

/// A cookie's value.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|kv| kv.trim().strip_prefix(name)?.strip_prefix('='))
}

/// The language: `?lang=en|zh`, else the `lang` cookie, else Chinese.
pub fn lang_of(parts: &Parts) -> Lang {
    let query = parts.uri.query().unwrap_or("");
    let asked = query.split('&').find_map(|kv| kv.strip_prefix("lang="));
    match asked.or_else(|| cookie(&parts.headers, "lang")) {
        Some("en") => Lang::En,
        _ => Lang::Zh,
    }
}

/// No or no valid session or token.
pub struct Unauthorized(pub Lang, pub bool);

impl IntoResponse for Unauthorized {
    fn into_response(self) -> Response {
        let Unauthorized(lang, api) = self;
        if api {
            let msg = lang.pick("请先登录，或提供有效的 API 令牌", "sign in, or send a valid API token");
            (StatusCode::UNAUTHORIZED, axum::Json(serde_json::json!({ "error": msg }))).into_response()
        } else {
            (StatusCode::UNAUTHORIZED, super::html::login_page(lang, None)).into_response()
        }
    }
}

impl FromRequestParts<Arc<App>> for Caller {
    type Rejection = Unauthorized;

    async fn from_request_parts(parts: &mut Parts, app: &Arc<App>) -> Result<Self, Self::Rejection> {
        let lang = lang_of(parts);
        let api = parts.uri.path().starts_with("/api/");
        let bearer = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "));
        if let Some(token) = bearer {
            return match app.store.token_user(token.trim()) {
                Ok(Some(user)) => Ok(Caller { user, csrf: None, lang }),
                _ => Err(Unauthorized(lang, api)),
            };
        }
        let Some(sid) = cookie(&parts.headers, COOKIE) else { return Err(Unauthorized(lang, api)) };
        match app.store.session(sid) {
            Ok(Some((user, csrf))) => Ok(Caller { user, csrf: Some(csrf), lang }),
            _ => Err(Unauthorized(lang, api)),
        }
    }
}

/// Failed logins per (name, address): at most [`Limiter::MAX`] in [`Limiter::WINDOW`].
#[derive(Default)]
pub struct Limiter {
    failures: std::sync::Mutex<HashMap<(String, IpAddr), Vec<Instant>>>,
}

impl Limiter {
    pub const MAX: usize = 5;
    pub const WINDOW: Duration = Duration::from_secs(300);

    /// Whether another attempt is refused.
    pub fn blocked(&self, name: &str, ip: IpAddr) -> bool {
        let mut map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        map.retain(|_, v| {
            v.retain(|t| now.duration_since(*t) < Self::WINDOW);
            !v.is_empty()
        });
        map.get(&(name.to_string(), ip)).is_some_and(|v| v.len() >= Self::MAX)
    }

    pub fn failed(&self, name: &str, ip: IpAddr) {
        let mut map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        map.entry((name.to_string(), ip)).or_default().push(Instant::now());
    }
}

/// The `Set-Cookie` value of a new session.
pub fn session_cookie(id: &str) -> String {
    format!("{COOKIE}={id}; HttpOnly; SameSite=Strict; Path=/; Max-Age={}", super::store::SESSION_SECONDS)
}

pub fn expired_cookie() -> String {
    format!("{COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0")
}
