//! The API (SPEC §8): the same rights as the pages; a Bearer token or the session
//! cookie (with the CSRF header for a POST).

use std::sync::Arc;

use axum::Json;
use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::auth::{CSRF_HEADER, Caller};
use super::month::{self, WorkError};
use super::reply::{error, not_a_month, valid_month, work_error};
use super::store::Upload;
use super::{App, log};

/// Largest file an upload may carry.
pub const MAX_FILE: usize = 200 * 1024 * 1024;

/// [`MAX_FILE`], or a smaller limit from `KAOPING_MAX_UPLOAD` (bytes): a test hook, so
/// the limit can be tried without sending 200 MB.
pub fn max_file() -> usize {
    std::env::var("KAOPING_MAX_UPLOAD").ok().and_then(|v| v.parse().ok()).map_or(MAX_FILE, |n: usize| n.min(MAX_FILE))
}

/// The name a file is kept under: its last path component, without control
/// characters; `None` when nothing usable is left.
pub fn file_name(raw: &str) -> Option<String> {
    let last = raw.rsplit(['/', '\\']).next().unwrap_or("");
    let name: String = last.chars().filter(|c| !c.is_control()).collect();
    let name = name.trim().to_string();
    let bad = name.is_empty() || name == "." || name == ".." || name.len() > 255;
    // The rules are the admin's (a rules.toml in DIR/months/), never an upload.
    (!bad && !name.eq_ignore_ascii_case("rules.toml")).then_some(name)
}

/// Stores every part of a multipart body as one file of the month.
pub async fn post_files(
    State(app): State<Arc<App>>,
    caller: Caller,
    Path(m): Path<String>,
    headers: HeaderMap,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Response {
    let lang = caller.lang;
    if let Some(r) = caller.refuse_unless(caller.role().uploads()) {
        return r;
    }
    if let Some(r) = caller.csrf_refusal(headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok())) {
        return r;
    }
    if !valid_month(&m) {
        return not_a_month(lang);
    }
    let mut multipart = match multipart {
        Ok(mp) => mp,
        Err(e) => {
            return error(
                StatusCode::BAD_REQUEST,
                format!("{}: {e}", lang.pick("需要 multipart 表单", "multipart form data expected")),
            );
        }
    };
    match store_parts(&app, &caller, &m, &mut multipart).await {
        Ok(files) => Json(
            json!({ "files": files.iter().map(|u| json!({"name": u.name, "sha256": u.sha256})).collect::<Vec<_>>() }),
        )
        .into_response(),
        Err(r) => r,
    }
}

async fn store_parts(app: &Arc<App>, caller: &Caller, m: &str, mp: &mut Multipart) -> Result<Vec<Upload>, Response> {
    let lang = caller.lang;
    let too_large = |name: &str| {
        error(
            StatusCode::PAYLOAD_TOO_LARGE,
            crate::t!("{name}：文件超过 200 MB 上限", "{name}: the file is over the 200 MB limit").take(lang),
        )
    };
    let limit = max_file();
    let mut files = Vec::new();
    loop {
        let field = match mp.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return Err(too_large("")),
            Err(e) => return Err(error(StatusCode::BAD_REQUEST, e.body_text())),
        };
        let raw = field.file_name().or(field.name()).unwrap_or("").to_string();
        let Some(name) = file_name(&raw) else {
            return Err(error(
                StatusCode::BAD_REQUEST,
                crate::t!("「{raw}」：文件名不可用", "\"{raw}\": this file name cannot be used").take(lang),
            ));
        };
        let mut field = field;
        let mut bytes = Vec::new();
        loop {
            match field.chunk().await {
                Ok(Some(chunk)) => {
                    if bytes.len() + chunk.len() > limit {
                        return Err(too_large(&name));
                    }
                    bytes.extend_from_slice(&chunk);
                }
                Ok(None) => break,
                Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return Err(too_large(&name)),
                Err(e) => return Err(error(StatusCode::BAD_REQUEST, e.body_text())),
            }
        }
        let (app2, m2, user) = (app.clone(), m.to_string(), caller.user.name.clone());
        let stored = tokio::task::spawn_blocking(move || app2.store.put_upload(&m2, &name, &bytes, &user)).await;
        match stored {
            Ok(Ok(u)) => {
                log(&format!("upload {m} \"{}\" {} bytes sha256 {} by {}", u.name, u.size, u.sha256, u.user));
                files.push(u);
            }
            Ok(Err(e)) => return Err(work_error(WorkError::Store(e), lang)),
            Err(e) => return Err(work_error(WorkError::Store(std::io::Error::other(e).into()), lang)),
        }
    }
    Ok(files)
}

/// The files in force and every upload.
pub async fn get_files(State(app): State<Arc<App>>, caller: Caller, Path(m): Path<String>) -> Response {
    if let Some(r) = caller.refuse_unless(caller.role().sees_checks()) {
        return r;
    }
    if !valid_month(&m) {
        return not_a_month(caller.lang);
    }
    let (force, all) = match (app.store.in_force(&m), app.store.uploads(&m)) {
        (Ok(f), Ok(a)) => (f, a),
        (Err(e), _) | (_, Err(e)) => return work_error(WorkError::Store(e), caller.lang),
    };
    Json(json!({ "month": m, "files": force, "uploads": all })).into_response()
}

/// `check --format json` on the files in force.
pub async fn get_checks(State(app): State<Arc<App>>, caller: Caller, Path(m): Path<String>) -> Response {
    if let Some(r) = caller.refuse_unless(caller.role().sees_checks()) {
        return r;
    }
    if !valid_month(&m) {
        return not_a_month(caller.lang);
    }
    let lang = caller.lang;
    match super::on_month(&app, &m, move |app, m| month::checks(&app.store, m, lang).map(|(v, _)| v)).await {
        Ok(v) => Json(v).into_response(),
        Err(e) => work_error(e, lang),
    }
}

/// `run --json` on the files in force; the report kept for download.
pub async fn post_run(
    State(app): State<Arc<App>>,
    caller: Caller,
    Path(m): Path<String>,
    headers: HeaderMap,
) -> Response {
    if let Some(r) = caller.refuse_unless(caller.role().sees_scores()) {
        return r;
    }
    if let Some(r) = caller.csrf_refusal(headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok())) {
        return r;
    }
    if !valid_month(&m) {
        return not_a_month(caller.lang);
    }
    match super::run_month(&app, &m, &caller).await {
        Ok(v) => Json(v).into_response(),
        Err(e) => work_error(e, caller.lang),
    }
}

/// The month's latest report workbook.
pub async fn get_report(State(app): State<Arc<App>>, caller: Caller, Path(m): Path<String>) -> Response {
    if let Some(r) = caller.refuse_unless(caller.role().sees_scores()) {
        return r;
    }
    if !valid_month(&m) {
        return not_a_month(caller.lang);
    }
    let path = month::report_path(app.store.data(), &m);
    match tokio::fs::read(&path).await {
        Ok(bytes) => {
            log(&format!("download {m} report by {}", caller.user.name));
            let disposition = format!("attachment; filename=\"kaoping-{m}.xlsx\"");
            (
                [
                    (
                        header::CONTENT_TYPE,
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string(),
                    ),
                    (header::CONTENT_DISPOSITION, disposition),
                ],
                bytes,
            )
                .into_response()
        }
        Err(_) => error(
            StatusCode::NOT_FOUND,
            caller.lang.pick("本月还没有报表：请先生成报告", "no report for this month yet: run it first"),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_and_file_names_are_checked() {
        assert!(valid_month("2026-11"));
        for bad in ["2026-13", "202611", "2026-1", "abcd-11", "2026-11x"] {
            assert!(!valid_month(bad), "{bad}");
        }
        assert_eq!(file_name("C:\\Users\\a\\市场部.xlsx").as_deref(), Some("市场部.xlsx"));
        assert_eq!(file_name("../../etc/passwd").as_deref(), Some("passwd"));
        for bad in ["", "..", "a/", "rules.toml", "RULES.TOML"] {
            assert_eq!(file_name(bad), None, "{bad}");
        }
    }
}
