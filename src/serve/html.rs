//! The frame of every page (header, language switch, assets) and the login form.

use maud::{DOCTYPE, Markup, html};

use super::store::Role;
use crate::text::Lang;

/// Who is signed in, as the page's header shows them.
#[derive(Debug, Clone, Copy)]
pub struct Who<'a> {
    pub name: &'a str,
    pub role: Role,
    /// The session's CSRF token for the sign-out form (empty with a Bearer token).
    pub csrf: &'a str,
}

pub fn page(lang: Lang, title: &str, who: Option<Who<'_>>, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang=(lang.pick("zh-CN", "en")) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · kaoping" }
                link rel="stylesheet" href="/assets/style.css";
                script src="/assets/app.js" defer {}
            }
            body {
                header.top {
                    a.brand href="/" { "考评 kaoping" }
                    nav {
                        @if let Some(c) = who {
                            span.who { (c.name) " · " (c.role.as_str()) }
                            @if c.role == Role::Admin {
                                a href="/users" { (lang.pick("用户", "Users")) }
                                a href="/rules" { (lang.pick("规则", "Rules")) }
                            }
                            form.inline method="post" action="/logout" {
                                input type="hidden" name="csrf" value=(c.csrf);
                                button { (lang.pick("退出", "Sign out")) }
                            }
                        }
                        a href="?lang=zh" { "中文" } " | " a href="?lang=en" { "English" }
                    }
                }
                main { (body) }
            }
        }
    }
}

/// The login form (a user name and a password field).
pub fn login_page(lang: Lang, error: Option<&str>) -> Markup {
    page(
        lang,
        lang.pick("登录", "Sign in"),
        None,
        html! {
            form.login method="post" action="/login" {
                h1 { (lang.pick("登录", "Sign in")) }
                @if let Some(e) = error { p.error { (e) } }
                label { (lang.pick("用户名", "User name")) input name="name" autocomplete="username" required; }
                label { (lang.pick("密码", "Password")) input name="password" type="password" autocomplete="current-password" required; }
                button type="submit" { (lang.pick("登录", "Sign in")) }
            }
        },
    )
}
