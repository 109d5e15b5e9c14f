//! Answers shared by the pages and the API: a month in a path, errors as JSON.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::log;
use super::month::WorkError;
use crate::text::Lang;

/// A month in a path: exactly `YYYY-MM`.
pub fn valid_month(m: &str) -> bool {
    m.len() == 7
        && m.as_bytes()[4] == b'-'
        && m.chars().enumerate().all(|(i, c)| i == 4 || c.is_ascii_digit())
        && crate::config::parse_month(m).is_some()
}

pub fn error(status: StatusCode, msg: impl Into<String>) -> Response {
    (status, Json(json!({ "error": msg.into() }))).into_response()
}

pub fn not_a_month(lang: Lang) -> Response {
    error(StatusCode::NOT_FOUND, lang.pick("月份应写成 2026-11", "a month is written 2026-11"))
}

pub fn work_error(e: WorkError, lang: Lang) -> Response {
    match e {
        WorkError::Input(text) => error(StatusCode::UNPROCESSABLE_ENTITY, text.get(lang)),
        WorkError::Store(e) => {
            log(&format!("store fault: {e}"));
            error(StatusCode::SERVICE_UNAVAILABLE, lang.pick("存储出错，请稍后重试", "storage fault; try again later"))
        }
    }
}
