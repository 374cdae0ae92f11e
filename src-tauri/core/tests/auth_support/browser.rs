//! A tiny scripted "browser" for sign-in tests: keeps cookies, follows redirects by hand, and
//! stops before the loopback redirect so a test can deliver it as is, tampered, or not at all.

use std::collections::BTreeMap;

pub struct Browser {
    http: reqwest::Client,
    cookies: BTreeMap<String, String>,
}

/// Where a navigation ended.
pub enum Landing {
    /// A page (status, final URL, body).
    Page {
        status: u16,
        url: String,
        body: String,
    },
    /// A redirect to this loopback URL (not followed).
    Loopback(String),
}

impl Default for Browser {
    fn default() -> Self {
        Self::new()
    }
}

impl Browser {
    pub fn new() -> Self {
        Browser {
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            cookies: BTreeMap::new(),
        }
    }

    /// GET `url` and follow redirects until a page, or a redirect to `loopback_prefix`.
    pub async fn navigate(&mut self, url: &str, loopback_prefix: &str) -> Landing {
        self.follow(
            self.request(reqwest::Method::GET, url),
            url,
            loopback_prefix,
        )
        .await
    }

    /// POST a form to `url` (relative to `base`) and follow redirects.
    pub async fn submit(
        &mut self,
        url: &str,
        form: &[(&str, &str)],
        loopback_prefix: &str,
    ) -> Landing {
        let request = self.request(reqwest::Method::POST, url).form(form);
        self.follow(request, url, loopback_prefix).await
    }

    /// GET a page and return its status and body without following redirects.
    pub async fn get(&mut self, url: &str) -> (u16, String) {
        let response = self
            .request(reqwest::Method::GET, url)
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        (status, response.text().await.unwrap_or_default())
    }

    fn request(&self, method: reqwest::Method, url: &str) -> reqwest::RequestBuilder {
        let cookie: Vec<String> = self
            .cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        let mut request = self.http.request(method, url);
        if !cookie.is_empty() {
            request = request.header("cookie", cookie.join("; "));
        }
        request
    }

    async fn follow(
        &mut self,
        first: reqwest::RequestBuilder,
        url: &str,
        loopback_prefix: &str,
    ) -> Landing {
        let mut current = url::Url::parse(url).unwrap();
        let mut response = first.send().await.unwrap();
        for _ in 0..20 {
            self.keep_cookies(&response);
            let status = response.status().as_u16();
            if !(300..400).contains(&status) {
                let body = response.text().await.unwrap_or_default();
                return Landing::Page {
                    status,
                    url: current.to_string(),
                    body,
                };
            }
            let location = response.headers()["location"].to_str().unwrap().to_owned();
            let next = current.join(&location).unwrap();
            if next.as_str().starts_with(loopback_prefix) {
                return Landing::Loopback(next.to_string());
            }
            current = next;
            response = self
                .request(reqwest::Method::GET, current.as_str())
                .send()
                .await
                .unwrap();
        }
        panic!("too many redirects");
    }

    fn keep_cookies(&mut self, response: &reqwest::Response) {
        for value in response.headers().get_all("set-cookie") {
            let text = value.to_str().unwrap();
            let pair = text.split(';').next().unwrap();
            if let Some((name, value)) = pair.split_once('=') {
                if value.is_empty()
                    || text
                        .to_ascii_lowercase()
                        .contains("expires=thu, 01 jan 1970")
                {
                    self.cookies.remove(name.trim());
                } else {
                    self.cookies
                        .insert(name.trim().to_owned(), value.to_owned());
                }
            }
        }
    }
}

/// The `action` of the first form on a page, resolved against the page URL.
pub fn form_action(page_url: &str, body: &str) -> String {
    let start = body.find("action=\"").expect("a form on the page") + "action=\"".len();
    let end = start + body[start..].find('"').unwrap();
    let action = body[start..end].replace("&amp;", "&");
    url::Url::parse(page_url)
        .unwrap()
        .join(&action)
        .unwrap()
        .to_string()
}
