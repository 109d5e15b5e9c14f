//! The pages, rendered on the server (maud): the login form, the months, a month
//! (drop zone, files and who uploaded them, the checks grouped as §3, run, ranking),
//! a PM's scorecard (one A4 page in print), the users. zh by default, en by
//! `?lang=en` or the `lang` cookie. Assets are inside the binary.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Form;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use serde::Deserialize;
use serde_json::Value;

use super::auth::{self, Caller, Unauthorized};
use super::html::{self, Who, login_page};
use super::reply::{valid_month, work_error};
use super::store::{self, Role};
use super::{App, log, month};
use crate::cli::history::local_time_of;
use crate::text::Lang;

const CSS: &str = include_str!("assets/style.css");
const JS: &str = include_str!("assets/app.js");

pub async fn css() -> Response {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], CSS).into_response()
}

pub async fn js() -> Response {
    ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8")], JS).into_response()
}

/// `/`: the login form, or the months (a PM: their own scorecards).
pub async fn home(State(app): State<Arc<App>>, caller: Result<Caller, Unauthorized>) -> Response {
    let c = match caller {
        Ok(c) => c,
        Err(Unauthorized(lang, _)) => return login_page(lang, None).into_response(),
    };
    let lang = c.lang;
    let months = app.store.months().unwrap_or_default();
    let body = if c.role() == Role::Pm {
        pm_trend(&app, &c)
    } else {
        html! {
            h1 { (lang.pick("考评月份", "Months")) }
            form.newmonth method="get" onsubmit="location.href='/months/'+this.m.value;return false;" {
                input name="m" placeholder="2026-11" pattern="[0-9]{4}-[0-9]{2}" required;
                button { (lang.pick("打开月份", "Open month")) }
            }
            ul.months { @for m in &months { li { a href={"/months/" (m)} { (m) } } } }
        }
    };
    html::page(lang, lang.pick("考评月份", "Months"), Some(who(&c)), body).into_response()
}

fn pm_trend(app: &App, c: &Caller) -> Markup {
    let lang = c.lang;
    let id = c.user.pm_id.clone().unwrap_or_default();
    let rows: Vec<(String, Value)> = app
        .store
        .latest_runs()
        .unwrap_or_default()
        .into_iter()
        .filter_map(|(m, run)| manager_of(&run.summary, &id).map(|v| (m, v.clone())))
        .collect();
    html! {
        h1 { (lang.pick("我的考评", "My evaluations")) " " (id) }
        table {
            tr { th { (lang.pick("月份", "Month")) } th { (lang.pick("总分", "Total")) } th { (lang.pick("名次", "Rank")) } th { (lang.pick("档次", "Tier")) } }
            @for (m, v) in &rows {
                tr class={"tier" (v["tier"])} {
                    td { a href={"/months/" (m) "/pm/" (id)} { (m) } }
                    td.num { (pts(&v["total"])) } td.num { (v["rank"]) } td.num { (v["tier"]) }
                }
            }
        }
    }
}

fn manager_of<'a>(summary: &'a Value, id: &str) -> Option<&'a Value> {
    summary["managers"].as_array()?.iter().find(|m| m["pm_id"] == id)
}

#[derive(Deserialize)]
pub struct LoginForm {
    name: String,
    password: String,
}

pub async fn login(
    State(app): State<Arc<App>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: axum::http::HeaderMap,
    Form(form): Form<LoginForm>,
) -> Response {
    let lang = match auth::cookie(&headers, "lang") {
        Some("en") => Lang::En,
        _ => Lang::Zh,
    };
    let ip = peer.ip();
    if app.limiter.blocked(&form.name, ip) {
        log(&format!("login refused (rate limit) for \"{}\" from {ip}", form.name));
        let msg = lang.pick("登录失败次数过多，请 5 分钟后再试", "too many failed sign-ins; try again in 5 minutes");
        return (StatusCode::TOO_MANY_REQUESTS, login_page(lang, Some(msg))).into_response();
    }
    let (app2, name, password) = (app.clone(), form.name.clone(), form.password);
    let found = tokio::task::spawn_blocking(move || {
        let found = app2.store.user_with_hash(&name).ok().flatten();
        // The same work for a name that does not exist: no timing hint.
        let hash = found.as_ref().map_or_else(|| store::hash_password("x"), |(_, h)| h.clone());
        let ok = store::verify_password(&password, &hash);
        found.filter(|_| ok).map(|(u, _)| u)
    })
    .await
    .ok()
    .flatten();
    let Some(user) = found else {
        app.limiter.failed(&form.name, ip);
        log(&format!("login failed for \"{}\" from {ip}", form.name));
        let msg = lang.pick("用户名或密码不对", "wrong user name or password");
        return (StatusCode::UNAUTHORIZED, login_page(lang, Some(msg))).into_response();
    };
    match app.store.new_session(&user) {
        Ok((sid, _)) => ([(header::SET_COOKIE, auth::session_cookie(&sid))], Redirect::to("/")).into_response(),
        Err(e) => work_error(month::WorkError::Store(e), lang),
    }
}

#[derive(Deserialize)]
pub struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

pub async fn logout(
    State(app): State<Arc<App>>,
    caller: Caller,
    headers: axum::http::HeaderMap,
    Form(f): Form<CsrfForm>,
) -> Response {
    if let Some(r) = caller.csrf_refusal(Some(&f.csrf)) {
        return r;
    }
    if let Some(sid) = auth::cookie(&headers, auth::COOKIE) {
        let _ = app.store.end_session(sid);
    }
    ([(header::SET_COOKIE, auth::expired_cookie())], Redirect::to("/")).into_response()
}

fn not_found(lang: Lang) -> Response {
    (StatusCode::NOT_FOUND, lang.pick("没有这个页面", "no such page")).into_response()
}

/// `/months/{m}`.
pub async fn month(State(app): State<Arc<App>>, caller: Caller, Path(m): Path<String>) -> Response {
    let lang = caller.lang;
    if let Some(r) = caller.refuse_unless(caller.role().sees_checks() || caller.role() == Role::Pm) {
        return r;
    }
    if !valid_month(&m) {
        return not_found(lang);
    }
    if caller.role() == Role::Pm {
        let id = caller.user.pm_id.clone().unwrap_or_default();
        return Redirect::to(&format!("/months/{m}/pm/{id}")).into_response();
    }
    let uploads = app.store.uploads(&m).unwrap_or_default();
    let force = app.store.in_force(&m).unwrap_or_default();
    let checks = if force.is_empty() { None } else { check_view(&app, &m, lang, &force).await };
    let runs = if caller.role().sees_scores() { app.store.runs(&m).unwrap_or_default() } else { Vec::new() };
    let csrf = caller.csrf.clone().unwrap_or_default();
    let body = html! {
        h1 { (lang.pick("考评月份", "Month")) " " (m) }
        @if caller.role().uploads() {
            section #drop.drop data-month=(m) data-csrf=(csrf) {
                p { (lang.pick("把本月的工作簿拖到这里（可多个），或", "Drop the month's workbooks here (several at once), or")) }
                input #pick type="file" multiple;
                progress #progress max="100" value="0" hidden {}
                p #status {}
            }
        }
        h2 { (lang.pick("在用的文件", "Files in force")) }
        table {
            tr { th { (lang.pick("文件", "File")) } th { (lang.pick("上传人", "Uploaded by")) } th { (lang.pick("时间", "When")) } th { "SHA-256" } }
            @for u in &force { tr { td { (u.name) } td { (u.user) } td { (local_time_of(&u.at)) } td.hash { (&u.sha256[..12]) } } }
        }
        details {
            summary { (lang.pick("全部上传记录", "Every upload")) " (" (uploads.len()) ")" }
            table { @for u in &uploads { tr { td { (u.name) } td { (u.user) } td { (local_time_of(&u.at)) } td.num { (u.size) } } } }
        }
        @match &checks {
            Some(view) => {
                @let CheckView { text, errors, marked, tables } = &**view;
                h2 { (lang.pick("八张表从哪里来", "Where the eight tables came from")) }
                table.tables {
                    tr { th { (lang.pick("表", "Table")) } th { (lang.pick("文件", "File")) } th { (lang.pick("工作表", "Sheet")) } th { (lang.pick("读入行数", "Rows read")) } th { (lang.pick("上传人", "Uploaded by")) } th { (lang.pick("时间", "When")) } }
                    @for t in tables {
                        @let up = force.iter().find(|u| u.name == t.file);
                        tr class=(if t.sheet.is_empty() { "bad" } else { "" }) {
                            td { (t.table) } td { (t.file) } td { (t.sheet) } td.num { @if !t.sheet.is_empty() { (t.rows) } }
                            td { (up.map(|u| u.user.as_str()).unwrap_or("")) } td { (up.map(|u| local_time_of(&u.at)).unwrap_or_default()) }
                        }
                    }
                }
                h2 { (lang.pick("检查结果", "Checks")) }
                p class=(if *errors > 0 { "bad" } else { "good" }) {
                    (if *errors > 0 { lang.pick("有错误，需修正后才能生成报告", "there are errors to fix before a report") } else { lang.pick("没有错误", "no errors") })
                }
                pre.checks { (text) }
                @if !marked.is_empty() {
                    h3 { (lang.pick("标注副本（在原表上标出问题）", "Marked copies (the findings marked on the workbook)")) }
                    ul.marked { @for name in marked {
                        li { a href={"/months/" (m) "/marked/" (percent(name))} { (name) } }
                    } }
                }
            }
            None => {
                h2 { (lang.pick("检查结果", "Checks")) }
                p { (lang.pick("还没有文件", "no files yet")) }
            }
        }
        @if caller.role().sees_scores() {
            form method="post" action={"/months/" (m) "/run"} {
                input type="hidden" name="csrf" value=(csrf);
                button.run { (lang.pick("生成报告", "Run")) }
            }
            @if let Some(run) = runs.first() { (ranking(&m, run, runs.get(1), lang)) }
            @if runs.len() > 1 {
                details.runs {
                    summary { (lang.pick("本月的每次运行", "Every run of this month")) " (" (runs.len()) ")" }
                    table { @for r in &runs { tr {
                        td { (local_time_of(&r.at)) } td { (r.user) }
                        td.num { (r.summary["managers"].as_array().map_or(0, Vec::len)) " " (lang.pick("名项目经理", "PMs")) }
                    } } }
                }
            }
        }
    };
    html::page(lang, &m, Some(who(&caller)), body).into_response()
}

fn ranking(m: &str, run: &store::WebRun, before: Option<&store::WebRun>, lang: Lang) -> Markup {
    let managers = run.summary["managers"].as_array().cloned().unwrap_or_default();
    // What changed since the month's run before: the total and the rank of each PM.
    let change = |v: &Value| -> String {
        let Some(b) = before.and_then(|b| manager_of(&b.summary, v["pm_id"].as_str().unwrap_or(""))) else {
            return before.map_or(String::new(), |_| lang.pick("新", "new").to_string());
        };
        let dt = v["total"].as_f64().unwrap_or(0.0) - b["total"].as_f64().unwrap_or(0.0);
        let dr = b["rank"].as_i64().unwrap_or(0) - v["rank"].as_i64().unwrap_or(0);
        let mut parts = Vec::new();
        if dt.abs() >= 0.005 {
            parts.push(format!("{}{}", if dt > 0.0 { "+" } else { "−" }, crate::text::num::fixed(dt.abs(), 2)));
        }
        if dr != 0 {
            parts.push(format!("{}{}", if dr > 0 { "↑" } else { "↓" }, dr.abs()));
        }
        parts.join(" ")
    };
    html! {
        h2 { (lang.pick("排名", "Ranking")) }
        p.meta { (run.user) " · " (local_time_of(&run.at)) }
        @if managers.is_empty() {
            p.bad { (lang.pick("数据有错误，未生成报表", "the data has errors; no report was written")) }
        } @else {
            p { a href={"/months/" (m) "/report.xlsx"} { (lang.pick("下载报表", "Download the report")) } }
            table.ranking {
                tr { th { (lang.pick("名次", "Rank")) } th { (lang.pick("工号", "ID")) } th { (lang.pick("姓名", "Name")) } th { (lang.pick("总分", "Total")) } th { (lang.pick("档次", "Tier")) } th { (lang.pick("距上一档", "To next tier")) } th { (lang.pick("奖金", "Bonus")) }
                    @if before.is_some() { th { (lang.pick("较上次运行", "Since the last run")) } } }
                @for v in &managers {
                    tr class={"tier" (v["tier"])} {
                        td.num { (v["rank"]) }
                        td { a href={"/months/" (m) "/pm/" (v["pm_id"].as_str().unwrap_or(""))} { (v["pm_id"].as_str().unwrap_or("")) } }
                        td { (v["name"].as_str().unwrap_or("")) }
                        td.num { (pts(&v["total"])) } td.num { (v["tier"]) }
                        td.num { @if v["to_next_tier"].is_number() { (pts(&v["to_next_tier"])) } }
                        td.num { (money(&v["bonus"])) }
                        @if before.is_some() { td.change { (change(v)) } }
                    }
                }
            }
        }
    }
}

/// A file's marked copy, made on request.
pub async fn marked(State(app): State<Arc<App>>, caller: Caller, Path((m, name)): Path<(String, String)>) -> Response {
    let lang = caller.lang;
    if let Some(r) = caller.refuse_unless(caller.role().sees_checks()) {
        return r;
    }
    if !valid_month(&m) {
        return not_found(lang);
    }
    match super::on_month(&app, &m, move |app, m| month::marked(&app.store, m, lang, &name)).await {
        Ok(Some((file, bytes))) => {
            log(&format!("download {m} marked copy \"{file}\" by {}", caller.user.name));
            let disposition = format!("attachment; filename*=UTF-8''{}", percent(&file));
            let kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string();
            ([(header::CONTENT_TYPE, kind), (header::CONTENT_DISPOSITION, disposition)], bytes).into_response()
        }
        Ok(None) => not_found(lang),
        Err(e) => work_error(e, lang),
    }
}

/// A path segment or header value with every byte but `A–Z a–z 0–9 - . _ ~` escaped.
fn percent(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// What a month's page shows of its checks.
pub struct CheckView {
    text: String,
    errors: usize,
    marked: Vec<String>,
    tables: Vec<TableFound>,
}

/// The month's checks for its page, read again only when the files in force or the
/// rules changed since the last view (a page view is then a lookup, not a read).
async fn check_view(app: &Arc<App>, m: &str, lang: Lang, force: &[store::Upload]) -> Option<Arc<CheckView>> {
    let rules = std::fs::read(rules_file(app)).unwrap_or_default();
    let mut key: Vec<u8> = format!("{lang:?}").into_bytes();
    for u in force {
        key.extend_from_slice(format!("\n{}\t{}", u.name, u.sha256).as_bytes());
    }
    key.extend_from_slice(b"\n");
    key.extend_from_slice(&rules);
    let key = store::digest(&String::from_utf8_lossy(&key));
    let slot = format!("{m}/{lang:?}");
    if let Some((k, view)) = app.views.lock().unwrap_or_else(|e| e.into_inner()).get(&slot)
        && *k == key
    {
        return Some(view.clone());
    }
    let view = super::on_month(app, m, move |app, m| {
        let (_, e) = month::checks(&app.store, m, lang)?;
        let style = crate::terminal::Style { color: false };
        Ok(Arc::new(CheckView {
            text: crate::terminal::diagnostics(&e.diags, lang, style, true),
            errors: e.errors(),
            marked: month::with_findings(&e, m),
            tables: tables_found(&e, m, lang),
        }))
    })
    .await
    .ok()?;
    app.views.lock().unwrap_or_else(|e| e.into_inner()).insert(slot, (key, view.clone()));
    Some(view)
}

/// One of the eight tables and where it was found (no file: missing).
struct TableFound {
    table: String,
    file: String,
    sheet: String,
    rows: usize,
}

/// Each table in the order of §2, with every sheet it was read from.
fn tables_found(e: &crate::pipeline::Evaluation, month: &str, lang: Lang) -> Vec<TableFound> {
    let prefix = format!("{month}/");
    let mut found = Vec::new();
    for kind in crate::model::TableKind::ALL {
        let table = kind.words().get(lang).to_string();
        let before = found.len();
        for source in &e.sources {
            for sheet in source.sheets.iter().filter(|s| s.table == Some(kind)) {
                let file = source.path.strip_prefix(prefix.as_str()).unwrap_or(&source.path).to_string();
                found.push(TableFound {
                    table: table.clone(),
                    file,
                    sheet: sheet.name.to_string(),
                    rows: sheet.rows_read,
                });
            }
        }
        if found.len() == before {
            let missing = lang.pick("（缺少）", "(missing)").to_string();
            found.push(TableFound { table, file: missing, sheet: String::new(), rows: 0 });
        }
    }
    found
}

/// A web run from the month's page.
pub async fn run(
    State(app): State<Arc<App>>,
    caller: Caller,
    Path(m): Path<String>,
    Form(f): Form<CsrfForm>,
) -> Response {
    if let Some(r) = caller.refuse_form(caller.role().sees_scores(), &f.csrf) {
        return r;
    }
    if !valid_month(&m) {
        return not_found(caller.lang);
    }
    match super::run_month(&app, &m, &caller).await {
        Ok(_) => Redirect::to(&format!("/months/{m}")).into_response(),
        Err(e) => work_error(e, caller.lang),
    }
}

/// A PM's scorecard: a manager sees every one, a PM only their own.
pub async fn scorecard(State(app): State<Arc<App>>, caller: Caller, Path((m, id)): Path<(String, String)>) -> Response {
    let lang = caller.lang;
    let own = caller.role() == Role::Pm && caller.user.pm_id.as_deref() == Some(id.as_str());
    if let Some(r) = caller.refuse_unless(caller.role().sees_scores() || own) {
        return r;
    }
    let run = if valid_month(&m) { app.store.latest_run(&m).ok().flatten() } else { None };
    let Some(v) = run.as_ref().and_then(|r| manager_of(&r.summary, &id)).cloned() else {
        return not_found(lang);
    };
    let items = v["items"].as_array().cloned().unwrap_or_default();
    let deductions = v["deductions"].as_array().cloned().unwrap_or_default();
    let body = html! {
        article.card {
            h1 { (lang.pick("项目经理月度考评表", "PM monthly scorecard")) }
            p.meta { (m) " · " (id) " " (v["name"].as_str().unwrap_or("")) }
            table {
                tr { th { "#" } th { (lang.pick("考评内容", "Item")) } th { (lang.pick("满分", "Max")) } th { (lang.pick("得分", "Score")) } th { (lang.pick("扣分原因", "Deductions")) } }
                @for (i, item) in crate::score::ITEMS.iter().enumerate() {
                    tr {
                        td.num { (item.number) }
                        td { (item.name.get(lang)) }
                        td.num { (crate::text::num::plain(item.max)) }
                        td.num { (items.get(i).map(pts).unwrap_or_default()) }
                        td { @for d in deductions.iter().filter(|d| d["item"] == u64::from(item.number)) {
                            div { "−" (pts(&d["points"])) " " (d["reason"].as_str().unwrap_or("")) }
                        } }
                    }
                }
                tr.total class={"tier" (v["tier"])} {
                    td {} td { (lang.pick("合计", "Total")) } td.num { "100" } td.num { (pts(&v["total"])) }
                    td { (lang.pick("名次", "Rank")) " " (v["rank"]) " · " (lang.pick("档次", "Tier")) " " (v["tier"]) " · " (lang.pick("奖金", "Bonus")) " " (money(&v["bonus"])) }
                }
            }
            p.sign { (lang.pick("考评人签字：", "Assessor's signature:")) " ______________ " (lang.pick("被考评人签字：", "PM's signature:")) " ______________" }
        }
        @if own { (pm_trend(&app, &caller)) }
        p.noprint { button onclick="window.print()" { (lang.pick("打印", "Print")) } }
    };
    html::page(lang, &id, Some(who(&caller)), body).into_response()
}

/// The users (admin).
pub async fn users(State(app): State<Arc<App>>, caller: Caller) -> Response {
    let lang = caller.lang;
    if let Some(r) = caller.refuse_unless(caller.role() == Role::Admin) {
        return r;
    }
    let users = app.store.users().unwrap_or_default();
    let csrf = caller.csrf.clone().unwrap_or_default();
    let body = html! {
        h1 { (lang.pick("用户", "Users")) }
        table {
            tr { th { (lang.pick("用户名", "Name")) } th { (lang.pick("角色", "Role")) } th { (lang.pick("部门", "Dept")) } th { "PM" } th {} }
            @for u in &users {
                tr {
                    td { (u.name) } td { (u.role.as_str()) } td { (u.dept.clone().unwrap_or_default()) } td { (u.pm_id.clone().unwrap_or_default()) }
                    td { form.inline method="post" action={"/users/" (u.name) "/remove"} {
                        input type="hidden" name="csrf" value=(csrf);
                        button { (lang.pick("删除", "Remove")) }
                    } }
                }
            }
        }
        h2 { (lang.pick("添加用户", "Add a user")) }
        form.adduser method="post" action="/users" {
            input type="hidden" name="csrf" value=(csrf);
            input name="name" placeholder=(lang.pick("用户名", "name")) required;
            select name="role" { @for r in Role::ALL { option value=(r.as_str()) { (r.as_str()) } } }
            input name="dept" placeholder=(lang.pick("部门", "dept"));
            input name="pm_id" placeholder="P03";
            input name="password" type="password" placeholder=(lang.pick("密码", "password")) required;
            button { (lang.pick("添加", "Add")) }
        }
    };
    html::page(lang, lang.pick("用户", "Users"), Some(who(&caller)), body).into_response()
}

#[derive(Deserialize)]
pub struct AddUser {
    #[serde(default)]
    csrf: String,
    name: String,
    role: String,
    #[serde(default)]
    dept: String,
    #[serde(default)]
    pm_id: String,
    password: String,
}

pub async fn add_user(State(app): State<Arc<App>>, caller: Caller, Form(f): Form<AddUser>) -> Response {
    if let Some(r) = caller.refuse_form(caller.role() == Role::Admin, &f.csrf) {
        return r;
    }
    let Some(role) = Role::parse(&f.role) else {
        return (StatusCode::BAD_REQUEST, "role: clerk|manager|admin|pm").into_response();
    };
    if f.password.chars().count() < 8 || f.name.trim().is_empty() {
        let msg = caller
            .lang
            .pick("需要用户名，密码至少 8 个字符", "a name is needed, and a password of at least 8 characters");
        return (StatusCode::BAD_REQUEST, msg).into_response();
    }
    let opt = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_string());
    let (dept, pm) = (opt(&f.dept), opt(&f.pm_id));
    let added = tokio::task::spawn_blocking(move || {
        app.store.add_user(f.name.trim(), role, dept.as_deref(), pm.as_deref(), &f.password, false)
    })
    .await;
    match added {
        Ok(Ok(())) => Redirect::to("/users").into_response(),
        Ok(Err(e)) => (StatusCode::BAD_REQUEST, e.to_string()).into_response(),
        Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
    }
}

pub async fn remove_user(
    State(app): State<Arc<App>>,
    caller: Caller,
    Path(name): Path<String>,
    Form(f): Form<CsrfForm>,
) -> Response {
    if let Some(r) = caller.refuse_form(caller.role() == Role::Admin, &f.csrf) {
        return r;
    }
    let _ = app.store.remove_user(&name);
    Redirect::to("/users").into_response()
}

/// The header's view of the caller.
fn who(c: &Caller) -> Who<'_> {
    Who { name: &c.user.name, role: c.role(), csrf: c.csrf.as_deref().unwrap_or("") }
}

/// Points as the report writes them: two decimals.
fn pts(v: &Value) -> String {
    crate::text::num::fixed(v.as_f64().unwrap_or(0.0), 2)
}

fn money(v: &Value) -> String {
    crate::text::num::money(v.as_f64().unwrap_or(0.0))
}

/// Where the rules in force for every month live.
fn rules_file(app: &App) -> std::path::PathBuf {
    app.store.data().join("months").join("rules.toml")
}

/// The rules in force (admin): the file's text, or the defaults, and a form to replace it.
pub async fn rules(State(app): State<Arc<App>>, caller: Caller) -> Response {
    if let Some(r) = caller.refuse_unless(caller.role() == Role::Admin) {
        return r;
    }
    rules_page(&app, &caller, None, None)
}

fn rules_page(app: &App, caller: &Caller, text: Option<String>, error: Option<String>) -> Response {
    let lang = caller.lang;
    let path = rules_file(app);
    let current = std::fs::read_to_string(&path).ok();
    let shown = text.or_else(|| current.clone()).unwrap_or_else(|| crate::rules::Rules::default().to_toml());
    let csrf = caller.csrf.clone().unwrap_or_default();
    let body = html! {
        h1 { (lang.pick("评分规则", "Rules")) }
        p.meta { @if current.is_some() { (path.display().to_string()) } @else { (lang.pick("使用默认规则", "the defaults are in force")) } }
        @if let Some(e) = &error { p.bad { (e) } }
        form.rules method="post" action="/rules" {
            input type="hidden" name="csrf" value=(csrf);
            textarea name="rules" rows="30" cols="100" { (shown) }
            p { button { (lang.pick("校验并保存", "Check and save")) } }
        }
    };
    let status = if error.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    (status, html::page(lang, lang.pick("评分规则", "Rules"), Some(who(caller)), body)).into_response()
}

#[derive(Deserialize)]
pub struct RulesForm {
    #[serde(default)]
    csrf: String,
    rules: String,
}

/// Replaces the rules file after checking it as `kaoping rules` does.
pub async fn save_rules(State(app): State<Arc<App>>, caller: Caller, Form(f): Form<RulesForm>) -> Response {
    if let Some(r) = caller.refuse_form(caller.role() == Role::Admin, &f.csrf) {
        return r;
    }
    let path = rules_file(&app);
    if let Err(e) = crate::rules::Rules::parse(&f.rules, &path) {
        let why = match &e {
            crate::rules::RulesError::Syntax { line, message, .. } => format!("{line}: {}", message.get(caller.lang)),
            crate::rules::RulesError::Invalid { message, .. } => message.get(caller.lang).to_string(),
            other => other.to_string(),
        };
        return rules_page(&app, &caller, Some(f.rules), Some(why));
    }
    let written = std::fs::create_dir_all(path.parent().expect("a folder")).map_err(|e| e.to_string()).and_then(|()| {
        crate::write::write_atomic(&path, f.rules.as_bytes()).map_err(|e| e.text().get(caller.lang).to_string())
    });
    match written {
        Ok(()) => {
            log(&format!("rules saved by {}", caller.user.name));
            Redirect::to("/rules").into_response()
        }
        Err(why) => rules_page(&app, &caller, Some(f.rules), Some(why)),
    }
}
