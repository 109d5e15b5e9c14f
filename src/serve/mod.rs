//! `kaoping serve` (SPEC §8): the month's drop box in a browser. The only module that
//! touches axum and tokio. Pages are rendered on the server ([`pages`]), the API is
//! [`api`], who is asking is [`auth`], what is kept is [`store`], and a month's
//! pipeline work is [`month`] — the same library calls as `check` and `run`.
//!
//! Choices where the SPEC is silent:
//! - The rules in force are `DIR/months/rules.toml` when present (the parent of every
//!   month folder, as for the CLI), else the defaults; an upload named rules.toml is refused.
//! - A web run is never a draft: with errors it gives the summary and no report.
//! - The admin sees months, files and checks (no scores) and the users; the login
//!   form itself carries no CSRF token (there is no session yet; the cookie is SameSite=Strict).

pub mod api;
pub mod auth;
pub mod html;
pub mod month;
pub mod pages;
pub mod reply;
pub mod store;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::Value;

use self::auth::{Caller, Limiter};
use self::month::WorkError;
use self::store::{Role, Store};
use crate::text::Lang;

/// What every request shares.
pub struct App {
    pub store: Store,
    pub limiter: Limiter,
    /// One pipeline job per month at a time (a second waits).
    locks: std::sync::Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
    /// A month page's checks by month and language, with the digest of what they were made from.
    views: std::sync::Mutex<HashMap<String, (String, Arc<pages::CheckView>)>>,
}

impl App {
    pub fn new(store: Store) -> App {
        App { store, limiter: Limiter::default(), locks: Default::default(), views: Default::default() }
    }

    fn lock_of(&self, month: &str) -> Arc<tokio::sync::Mutex<()>> {
        let mut locks = self.locks.lock().unwrap_or_else(|e| e.into_inner());
        locks.entry(month.to_string()).or_default().clone()
    }
}

/// A line on stderr: the time and what happened (never a password or token).
pub fn log(what: &str) {
    eprintln!("{} kaoping serve: {what}", store::now());
}

/// Runs `f` on the blocking pool while holding the month's lock.
pub async fn on_month<T: Send + 'static>(
    app: &Arc<App>,
    month: &str,
    f: impl FnOnce(&App, &str) -> Result<T, WorkError> + Send + 'static,
) -> Result<T, WorkError> {
    let lock = app.lock_of(month);
    let _held = lock.lock().await;
    let (app, month) = (app.clone(), month.to_string());
    tokio::task::spawn_blocking(move || f(&app, &month))
        .await
        .unwrap_or_else(|e| Err(WorkError::Store(std::io::Error::other(e.to_string()).into())))
}

/// A web run: the summary, the report kept, the run recorded.
pub async fn run_month(app: &Arc<App>, month: &str, caller: &Caller) -> Result<Value, WorkError> {
    let (lang, who) = (caller.lang, caller.user.name.clone());
    let ran = on_month(app, month, move |app, m| {
        let ran = month::run(&app.store, m, lang)?;
        app.store.add_run(m, &who, &ran.summary)?;
        Ok(ran)
    })
    .await?;
    let managers = ran.summary["managers"].as_array().map_or(0, Vec::len);
    log(&format!(
        "run {month} by {}: {managers} PMs, report {}",
        caller.user.name,
        if ran.report { "written" } else { "not written (errors)" }
    ));
    Ok(ran.summary)
}

/// The router, with every limit.
pub fn router(app: Arc<App>) -> Router {
    let uploads = Router::new()
        .route("/api/months/{m}/files", post(api::post_files).get(api::get_files))
        // Several files of up to 200 MB each; each part is checked on its own.
        .layer(DefaultBodyLimit::max(4 * api::max_file()));
    Router::new()
        .route("/", get(pages::home))
        .route("/login", post(pages::login))
        .route("/logout", post(pages::logout))
        .route("/months/{m}", get(pages::month))
        .route("/months/{m}/run", post(pages::run))
        .route("/months/{m}/pm/{id}", get(pages::scorecard))
        .route("/months/{m}/marked/{name}", get(pages::marked))
        .route("/months/{m}/report.xlsx", get(api::get_report))
        .route("/users", get(pages::users).post(pages::add_user))
        .route("/users/{name}/remove", post(pages::remove_user))
        .route("/rules", get(pages::rules).post(pages::save_rules))
        .route("/assets/style.css", get(pages::css))
        .route("/assets/app.js", get(pages::js))
        .route("/api/months/{m}/checks", get(api::get_checks))
        .route("/api/months/{m}/run", post(api::post_run))
        .route("/api/months/{m}/report.xlsx", get(api::get_report))
        .layer(DefaultBodyLimit::max(1024 * 1024))
        .merge(uploads)
        .layer(axum::middleware::from_fn(limit_headers))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(600),
        ))
        .with_state(app)
}

/// At most 64 headers and 16 KiB of them: 431 beyond; and the language remembered.
async fn limit_headers(req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let h = req.headers();
    let size: usize = h.iter().map(|(k, v)| k.as_str().len() + v.len()).sum();
    if h.len() > 64 || size > 16 * 1024 {
        return (StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE, "request headers too large").into_response();
    }
    // `?lang=en|zh` is remembered in a cookie.
    let lang = req.uri().query().unwrap_or("").split('&').find_map(|kv| kv.strip_prefix("lang=")).map(str::to_string);
    let mut response = next.run(req).await;
    if let Some(l) = lang.filter(|l| l == "en" || l == "zh")
        && let Ok(v) =
            axum::http::HeaderValue::from_str(&format!("lang={l}; Path=/; SameSite=Strict; Max-Age=31536000"))
    {
        response.headers_mut().append(axum::http::header::SET_COOKIE, v);
    }
    response
}

/// What `kaoping serve` was asked.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub data: PathBuf,
    pub listen: String,
    pub lang: Lang,
}

/// Opens the store, makes the first admin when there is no user, and refuses a
/// non-loopback address while that admin keeps the printed password.
///
/// # Errors
/// Words for the user (exit 2).
pub fn prepare(data: &Path, listen: &SocketAddr) -> Result<Store, crate::text::Text> {
    let store = Store::open(data).map_err(|e| {
        let (d, e) = (data.display().to_string(), e.to_string());
        crate::t!("无法打开数据文件夹 {d}：{e}", "cannot open the data folder {d}: {e}")
    })?;
    let db = |e: store::StoreError| {
        let e = e.to_string();
        crate::t!("数据库出错：{e}", "database fault: {e}")
    };
    if store.user_count().map_err(db)? == 0 {
        let password = store::random_hex()[..20].to_string();
        store.add_user("admin", Role::Admin, None, None, &password, true).map_err(db)?;
        eprintln!(
            "kaoping: 已创建管理员 admin，初始密码（只显示这一次）/ created the admin user; its first password (shown only now): {password}"
        );
    }
    let first = store.user("admin").map_err(db)?.is_some_and(|u| u.first_password);
    if first && !listen.ip().is_loopback() {
        let a = listen.to_string();
        return Err(crate::t!(
            "拒绝在 {a} 上监听：管理员 admin 仍在使用初始密码；先用 kaoping user passwd admin 改密码，或只监听 127.0.0.1",
            "refusing to listen on {a}: the admin still has its first password; change it with kaoping user passwd admin, or listen on 127.0.0.1 only"
        ));
    }
    Ok(store)
}

/// Serves until SIGTERM or Ctrl-C; returns the exit code.
pub fn serve(opts: &ServeOptions) -> u8 {
    let fail = |t: crate::text::Text| {
        eprintln!("kaoping: {}", t.get(opts.lang));
        crate::cli::exit::CANNOT_RUN
    };
    let addr: SocketAddr = match opts.listen.parse() {
        Ok(a) => a,
        Err(_) => {
            let l = &opts.listen;
            return fail(crate::t!(
                "「{l}」不是监听地址，应写成 127.0.0.1:8080",
                "\"{l}\" is not an address to listen on; write it as 127.0.0.1:8080"
            ));
        }
    };
    let store = match prepare(&opts.data, &addr) {
        Ok(s) => s,
        Err(t) => return fail(t),
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => return fail(crate::t!("无法启动：{e}", "cannot start: {e}")),
    };
    runtime.block_on(async move {
        let listener = match tokio::net::TcpListener::bind(addr).await {
            Ok(l) => l,
            Err(e) => return fail(crate::t!("无法监听 {addr}：{e}", "cannot listen on {addr}: {e}")),
        };
        let stop = shutdown();
        let bound = listener.local_addr().map(|a| a.to_string()).unwrap_or_default();
        eprintln!("kaoping: 服务已启动 / listening on http://{bound}");
        let app = router(Arc::new(App::new(store)));
        let served = axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
            .with_graceful_shutdown(stop)
            .await;
        match served {
            Ok(()) => {
                eprintln!("kaoping: 服务已停止 / stopped");
                crate::cli::exit::DONE
            }
            Err(e) => fail(crate::t!("服务出错：{e}", "the server failed: {e}")),
        }
    })
}

/// Resolves on SIGTERM or Ctrl-C. The handlers are installed when this is called
/// (before the server says it listens), so a signal sent right after is never lost.
fn shutdown() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let term = signal(SignalKind::terminate()).ok();
        let int = signal(SignalKind::interrupt()).ok();
        async move {
            let wait = |s: Option<tokio::signal::unix::Signal>| async move {
                match s {
                    Some(mut s) => {
                        s.recv().await;
                    }
                    None => std::future::pending().await,
                }
            };
            tokio::select! {
                () = wait(term) => {},
                () = wait(int) => {},
            }
        }
    }
    #[cfg(not(unix))]
    async {
        let _ = tokio::signal::ctrl_c().await;
    }
}
