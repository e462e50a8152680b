//! Who is asking: a staff account, from `Authorization: Bearer <token>`
//! (machine clients) or the console's session cookie (people), and what
//! its role may do. Everything that names a subject sits behind it.
//!
//! ```ignore
//! async fn handler(staff: Staff, State(store): State<Store>) -> Result<Response, ApiError> {
//!     staff.require(&[Role::Dpo])?;                  // else 403 `forbidden`
//!     store.log_access(&staff.access("stats")).await?;
//!     …
//! }
//! ```

use std::sync::Arc;

use axum::extract::{FromRef, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::Response;
use limpide_receipt::sha256_base64url;

use super::error::ApiError;
use super::session::{self, Session};
use super::state::AppState;
pub use crate::staff::Role;
use crate::staff::{Accounts, Credential, StaffDirectory};
use crate::store::{AccessEntry, Store};

/// The staff accounts the service accepts (`serve --staff FILE`); `None`:
/// every staff route answers 401.
#[derive(Clone)]
pub struct StaffAccounts(pub Option<Arc<StaffDirectory>>);

impl StaffAccounts {
    /// The accounts now (the file is re-read when it changed), or 401 when
    /// the service has no staff file.
    pub fn current(&self) -> Result<Arc<Accounts>, ApiError> {
        match &self.0 {
            Some(directory) => Ok(directory.current()),
            None => Err(ApiError::admin_disabled()),
        }
    }
}

/// A staff account that proved who it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Staff {
    /// The account id (what the access log names).
    pub account: String,
    /// Its role.
    pub role: Role,
}

impl Staff {
    /// Lets the request through only for one of `roles`: otherwise 403
    /// `forbidden`, which says nothing of what the route holds.
    pub fn require(&self, roles: &[Role]) -> Result<(), ApiError> {
        if roles.contains(&self.role) {
            Ok(())
        } else {
            Err(ApiError::forbidden(self.role, roles))
        }
    }

    /// An access-log entry for `action` by this account.
    pub fn access(&self, action: &str) -> AccessEntry {
        AccessEntry::new(&self.account, self.role, action)
    }
}

/// The token of `Authorization: Bearer <token>`; `Some(None)` for an
/// `Authorization` header of another kind.
fn bearer(headers: &HeaderMap) -> Option<Option<&str>> {
    let value = headers.get(axum::http::header::AUTHORIZATION)?;
    Some(
        value
            .to_str()
            .ok()
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim),
    )
}

/// The staff account a request comes from, with its console session when
/// it came through the cookie.
pub async fn authenticate(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<(Staff, Option<Session>), ApiError> {
    let accounts = StaffAccounts::from_ref(state).current()?;
    if let Some(token) = bearer(headers) {
        // Comparing digests: a lookup's time says nothing of how much of a
        // guessed token was right.
        let account = token
            .map(|t| sha256_base64url(t.as_bytes()))
            .and_then(|digest| accounts.by_token_digest(&digest))
            .filter(|a| matches!(a.credential, Credential::Token(_)))
            .ok_or_else(ApiError::unauthorized)?;
        let staff = Staff {
            account: account.id.clone(),
            role: account.role,
        };
        return Ok((staff, None));
    }
    let store = Store::from_ref(state);
    match session::find(&store, &accounts, headers).await? {
        Some(session) => Ok((
            Staff {
                account: session.account.id.clone(),
                role: session.account.role,
            },
            Some(session),
        )),
        None => Err(ApiError::unauthorized()),
    }
}

impl FromRequestParts<AppState> for Staff {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        // Behind `require_staff`, the account is known already.
        if let Some(staff) = parts.extensions.get::<Staff>() {
            return Ok(staff.clone());
        }
        authenticate(state, &parts.headers)
            .await
            .map(|(staff, _)| staff)
    }
}

/// A person signed in at the console (the session cookie, never a Bearer
/// token), for the console's forms: check each POST with `check_form`.
///
/// ```ignore
/// async fn approve(signed_in: ConsoleSession, State(url): State<PublicUrl>,
///                  headers: HeaderMap, Form(form): Form<ApproveForm>) -> Result<Response, ApiError> {
///     signed_in.check_form(&headers, &url, &form.csrf)?;   // 403 cross-site-request
///     signed_in.staff.require(&[Role::Dpo])?;              // 403 forbidden
///     …
/// }
/// ```
#[derive(Clone, Debug)]
pub struct ConsoleSession {
    /// The account.
    pub staff: Staff,
    /// Its session (its form token: `session.csrf`, for `csrf_field`).
    pub session: Session,
}

impl ConsoleSession {
    /// Refuses a form from another origin or without this session's token.
    pub fn check_form(
        &self,
        headers: &HeaderMap,
        public_url: &super::public_url::PublicUrl,
        csrf: &str,
    ) -> Result<(), ApiError> {
        super::csrf::check_form(headers, public_url, &self.session, csrf)
    }
}

impl FromRequestParts<AppState> for ConsoleSession {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        match authenticate(state, &parts.headers).await? {
            (staff, Some(session)) => Ok(Self { staff, session }),
            (_, None) => Err(ApiError::unauthorized()),
        }
    }
}

/// The staff API's layer: no account, 401, whatever the route or method
/// (a wrong method too), before anything else is said.
pub async fn require_staff(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Result<Response, ApiError> {
    let (staff, _) = authenticate(&state, request.headers()).await?;
    request.extensions_mut().insert(staff);
    Ok(next.run(request).await)
}
