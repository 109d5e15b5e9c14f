//! `kaoping user add|list|remove|passwd|token` (SPEC §8): the web service's users,
//! kept in `DIR/kaoping.db`.

use std::io::{BufRead, IsTerminal};
use std::path::Path;

use super::{exit, fail};
use crate::serve::store::{Role, Store};
use crate::t;
use crate::text::Lang;

/// What `user` was asked to do.
#[derive(Debug)]
pub enum Action {
    Add { name: String, role: Role, dept: Option<String>, pm: Option<String> },
    List,
    Remove { name: String },
    Passwd { name: String },
    Token { name: String },
}

/// A password: asked on a terminal without echo (twice), else one line of stdin.
fn password(lang: Lang) -> Result<String, u8> {
    let stdin = std::io::stdin();
    let password = if stdin.is_terminal() {
        let first = rpassword::prompt_password(t!("密码：", "Password: ").get(lang)).unwrap_or_default();
        let again = rpassword::prompt_password(t!("再输一次：", "Again: ").get(lang)).unwrap_or_default();
        if first != again {
            return Err(fail(&t!("两次输入的密码不同", "the two passwords differ"), lang));
        }
        first
    } else {
        let mut line = String::new();
        let _ = stdin.lock().read_line(&mut line);
        line.trim_end_matches(['\r', '\n']).to_string()
    };
    if password.chars().count() < 8 {
        return Err(fail(&t!("密码至少 8 个字符", "a password has at least 8 characters"), lang));
    }
    Ok(password)
}

/// Runs `user …`; returns the exit code.
pub fn user(data: &Path, action: Action, lang: Lang) -> u8 {
    let store = match Store::open(data) {
        Ok(s) => s,
        Err(e) => {
            let (d, e) = (data.display().to_string(), e.to_string());
            return fail(&t!("无法打开数据文件夹 {d}：{e}", "cannot open the data folder {d}: {e}"), lang);
        }
    };
    let db = |e: crate::serve::store::StoreError| {
        let e = e.to_string();
        fail(&t!("数据库出错：{e}", "database fault: {e}"), lang)
    };
    let no_such = |name: &str| fail(&t!("没有用户「{name}」", "no user \"{name}\""), lang);
    match action {
        Action::Add { name, role, dept, pm } => {
            if role == Role::Pm && pm.is_none() {
                return fail(
                    &t!("角色 pm 需要 --pm 工号（如 --pm P03）", "role pm needs --pm ID (e.g. --pm P03)"),
                    lang,
                );
            }
            let password = match password(lang) {
                Ok(p) => p,
                Err(code) => return code,
            };
            match store.add_user(&name, role, dept.as_deref(), pm.as_deref(), &password, false) {
                Ok(()) => exit::DONE,
                Err(crate::serve::store::StoreError::Refused(why)) => {
                    fail(&crate::text::Text::new(why.clone(), why), lang)
                }
                Err(e) => db(e),
            }
        }
        Action::List => match store.users() {
            Ok(users) => {
                for u in users {
                    let dept = u.dept.unwrap_or_default();
                    let pm = u.pm_id.unwrap_or_default();
                    println!("{}\t{}\t{dept}\t{pm}", u.name, u.role.as_str());
                }
                exit::DONE
            }
            Err(e) => db(e),
        },
        Action::Remove { name } => match store.remove_user(&name) {
            Ok(true) => exit::DONE,
            Ok(false) => no_such(&name),
            Err(e) => db(e),
        },
        Action::Passwd { name } => {
            if !matches!(store.user(&name), Ok(Some(_))) {
                return no_such(&name);
            }
            let password = match password(lang) {
                Ok(p) => p,
                Err(code) => return code,
            };
            match store.set_password(&name, &password) {
                Ok(_) => exit::DONE,
                Err(e) => db(e),
            }
        }
        Action::Token { name } => match store.new_token(&name) {
            Ok(Some(token)) => {
                println!("{token}");
                exit::DONE
            }
            Ok(None) => no_such(&name),
            Err(e) => db(e),
        },
    }
}
