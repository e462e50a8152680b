//! The console's campaign routes: read the form, check the session, its
//! role and its form token (CSRF), hand the action to `crate::campaigns`,
//! then show the result (or the refusal, in the page, as an alert).

use axum::extract::multipart::MultipartRejection;
use axum::extract::rejection::FormRejection;
use axum::extract::{FromRef, Multipart, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use bytes::Bytes;

use super::super::auth::{authenticate, Role, Staff};
use super::super::csrf;
use super::super::error::ApiError;
use super::super::extract::{Path, Query};
use super::super::public_url::PublicUrl;
use super::super::session::Session;
use super::super::state::AppState;
use super::campaign_views::{campaign_detail, draft_form, DraftForm, Viewer};
use super::campaign_words::CampaignWords;
use super::html_response;
use super::i18n::Lang;
use super::page::{page, SignedIn};
use crate::campaigns::draft::{DraftRequest, DraftText, EmailText};
use crate::campaigns::{Actor, CampaignError, Campaigns, MAX_LIST_BYTES};
use crate::store::CampaignRow;

type Params = Query<std::collections::BTreeMap<String, String>>;

/// A signed-in person, for a console page.
struct Person {
    staff: Staff,
    session: Option<Session>,
    lang: Lang,
}

impl Person {
    fn actor(&self) -> Actor<'_> {
        Actor {
            account: &self.staff.account,
            role: self.staff.role,
        }
    }

    fn csrf(&self) -> Option<&str> {
        self.session.as_ref().map(|s| s.csrf.as_str())
    }

    fn page(&self, path: &str, title: &str, body: &str) -> String {
        let signed_in = SignedIn {
            account: &self.staff.account,
            role: self.staff.role,
            csrf: self.csrf(),
        };
        page(self.lang, path, title, Some(&signed_in), body)
    }

    /// A state-changing form: same origin, and the session's token.
    fn check_form(
        &self,
        state: &AppState,
        headers: &HeaderMap,
        token: &str,
    ) -> Result<(), ApiError> {
        let public_url = PublicUrl::from_ref(state);
        match &self.session {
            Some(session) => csrf::check_form(headers, &public_url, session, token),
            None => Err(ApiError::cross_site()),
        }
    }
}

/// The person behind the request, or the way to sign in.
async fn person(
    state: &AppState,
    headers: &HeaderMap,
    params: &Params,
    roles: &[Role],
) -> Result<Result<Person, Response>, ApiError> {
    let lang = Lang::pick(params.0.get("lang").map(String::as_str), headers);
    match authenticate(state, headers).await {
        Ok((staff, session)) => {
            staff.require(roles)?;
            Ok(Ok(Person {
                staff,
                session,
                lang,
            }))
        }
        Err(e) if e.status() == StatusCode::UNAUTHORIZED => Ok(Err(Redirect::to(&format!(
            "/console/sign-in?lang={}",
            lang.tag()
        ))
        .into_response())),
        Err(e) => Err(e),
    }
}

/// A refusal's status and message, for the page; a database failure stays
/// an error answer.
fn refusal(e: CampaignError) -> Result<(StatusCode, String), ApiError> {
    match e {
        CampaignError::Refused(refused) => {
            let message = refused.to_string();
            let status = ApiError::from(refused).status();
            Ok((status, message))
        }
        other => Err(other.into()),
    }
}

/// `GET /console/campaigns/new` (communications).
pub async fn new_form(
    State(state): State<AppState>,
    params: Params,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let p = match person(&state, &headers, &params, &[Role::Communications]).await? {
        Ok(p) => p,
        Err(to_sign_in) => return Ok(to_sign_in),
    };
    let campaigns = Campaigns::from_ref(&state);
    let body = draft_form(
        p.lang,
        campaigns.notices(),
        p.csrf(),
        &DraftForm::default(),
        None,
    );
    let title = CampaignWords::of(p.lang).new_campaign;
    Ok(html_response(
        StatusCode::OK,
        p.page("/console/campaigns/new", title, &body),
    ))
}

/// The draft the form says, as the API takes it.
fn draft_request(form: &DraftForm) -> DraftRequest {
    let mut parts = form.target.splitn(3, '|');
    let (notice, purpose, channel) = (
        parts.next().unwrap_or_default().to_owned(),
        parts.next().unwrap_or_default().to_owned(),
        parts.next().unwrap_or_default().to_owned(),
    );
    let email = channel == "email";
    let text = form
        .fields
        .iter()
        .filter_map(|(name, value)| Some((name.strip_prefix("text_")?, value)))
        .filter(|(_, value)| !value.trim().is_empty())
        .map(|(language, value)| {
            let subject = form
                .fields
                .get(&format!("subject_{language}"))
                .cloned()
                .unwrap_or_default();
            let text = if email {
                DraftText::Email(EmailText {
                    subject,
                    body: value.clone(),
                })
            } else {
                DraftText::Text(value.clone())
            };
            (language.to_owned(), text)
        })
        .collect();
    DraftRequest {
        notice,
        notice_version: None,
        purpose,
        channel: Some(channel).filter(|c| !c.is_empty()),
        sender: form.sender.clone(),
        text,
        not_before: form.not_before.trim().to_owned(),
        not_after: form.not_after.trim().to_owned(),
    }
}

/// `POST /console/campaigns` (communications): the draft, or the form
/// again with the refusal.
pub async fn create(
    State(state): State<AppState>,
    params: Params,
    headers: HeaderMap,
    form: Result<Form<DraftForm>, FormRejection>,
) -> Result<Response, ApiError> {
    let Form(form) = form.map_err(|_| ApiError::invalid_form())?;
    let p = match person(&state, &headers, &params, &[Role::Communications]).await? {
        Ok(p) => p,
        Err(to_sign_in) => return Ok(to_sign_in),
    };
    p.check_form(
        &state,
        &headers,
        form.fields.get("csrf").map_or("", String::as_str),
    )?;
    let campaigns = Campaigns::from_ref(&state);
    match campaigns.draft(p.actor(), draft_request(&form)).await {
        Ok(c) => Ok(see_campaign(&c, p.lang)),
        Err(e) => {
            let (status, message) = refusal(e)?;
            let body = draft_form(p.lang, campaigns.notices(), p.csrf(), &form, Some(&message));
            let title = CampaignWords::of(p.lang).new_campaign;
            Ok(html_response(
                status,
                p.page("/console/campaigns/new", title, &body),
            ))
        }
    }
}

fn see_campaign(c: &CampaignRow, lang: Lang) -> Response {
    Redirect::to(&format!(
        "/console/campaigns/{}?lang={}",
        c.campaign_id,
        lang.tag()
    ))
    .into_response()
}

/// The campaign's page, with an optional refusal.
async fn detail(
    state: &AppState,
    p: &Person,
    id: &str,
    status: StatusCode,
    error: Option<&str>,
) -> Result<Response, ApiError> {
    let campaigns = Campaigns::from_ref(state);
    let c = campaigns.get(id).await?;
    let releases = campaigns.store().releases(id).await?;
    campaigns
        .store()
        .log_access(&p.actor().entry("campaign-viewed", &c))
        .await?;
    let viewer = Viewer {
        account: &p.staff.account,
        role: p.staff.role,
        csrf: p.csrf(),
    };
    let body = campaign_detail(p.lang, campaigns.notices(), &c, &releases, &viewer, error);
    let path = format!("/console/campaigns/{id}");
    Ok(html_response(status, p.page(&path, &c.sender, &body)))
}

/// `GET /console/campaigns/{id}` (communications, dpo).
pub async fn show(
    State(state): State<AppState>,
    Path(id): Path<String>,
    params: Params,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let p = match person(
        &state,
        &headers,
        &params,
        &[Role::Communications, Role::Dpo],
    )
    .await?
    {
        Ok(p) => p,
        Err(to_sign_in) => return Ok(to_sign_in),
    };
    detail(&state, &p, &id, StatusCode::OK, None).await
}

/// The fields of the DPO's forms.
#[derive(serde::Deserialize)]
pub struct DecisionForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    reason: String,
}

/// `POST /console/campaigns/{id}/{approve|reject|allow-release}` (dpo).
pub async fn decide(
    State(state): State<AppState>,
    Path((id, what)): Path<(String, String)>,
    params: Params,
    headers: HeaderMap,
    form: Result<Form<DecisionForm>, FormRejection>,
) -> Result<Response, ApiError> {
    let Form(form) = form.map_err(|_| ApiError::invalid_form())?;
    let p = match person(&state, &headers, &params, &[Role::Dpo]).await? {
        Ok(p) => p,
        Err(to_sign_in) => return Ok(to_sign_in),
    };
    p.check_form(&state, &headers, &form.csrf)?;
    let campaigns = Campaigns::from_ref(&state);
    let done = match what.as_str() {
        "approve" => campaigns.approve(p.actor(), &id).await,
        "reject" => campaigns.reject(p.actor(), &id, &form.reason).await,
        "allow-release" => campaigns.allow_another_release(p.actor(), &id).await,
        _ => return Err(ApiError::no_route()),
    };
    match done {
        Ok(c) => Ok(see_campaign(&c, p.lang)),
        Err(e) => {
            let (status, message) = refusal(e)?;
            detail(&state, &p, &id, status, Some(&message)).await
        }
    }
}

/// `POST /console/campaigns/{id}/release` (communications): the upload;
/// the answer is the released list, as a file to save.
pub async fn release(
    State(state): State<AppState>,
    Path(id): Path<String>,
    params: Params,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, ApiError> {
    let mut multipart = multipart.map_err(|_| ApiError::invalid_form())?;
    let p = match person(&state, &headers, &params, &[Role::Communications]).await? {
        Ok(p) => p,
        Err(to_sign_in) => return Ok(to_sign_in),
    };
    let (mut token, mut list) = (String::new(), None);
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|_| ApiError::invalid_form())?
    {
        match field.name() {
            Some("csrf") => {
                token = field.text().await.map_err(|_| ApiError::invalid_form())?;
            }
            Some("list") => list = Some(read_list(field).await?),
            _ => {}
        }
    }
    p.check_form(&state, &headers, &token)?;
    let campaigns = Campaigns::from_ref(&state);
    let list = list.unwrap_or_default();
    match campaigns.release(p.actor(), &id, list).await {
        Ok(released) => {
            let c = campaigns.get(&id).await?;
            let file = format!("campaign-{}-release-{}.csv", c.campaign_id, c.releases);
            Ok(super::super::campaigns::released_list(released, Some(file)))
        }
        Err(e) => {
            let (status, message) = refusal(e)?;
            detail(&state, &p, &id, status, Some(&message)).await
        }
    }
}

/// The uploaded list, refused as soon as it passes [`MAX_LIST_BYTES`]
/// (the API's cap), never held whole beyond it.
async fn read_list(mut field: axum::extract::multipart::Field<'_>) -> Result<Bytes, ApiError> {
    let mut list = Vec::new();
    while let Some(chunk) = field.chunk().await.map_err(|_| ApiError::invalid_form())? {
        if list.len() + chunk.len() > MAX_LIST_BYTES {
            return Err(ApiError::too_large(MAX_LIST_BYTES));
        }
        list.extend_from_slice(&chunk);
    }
    Ok(Bytes::from(list))
}
