//! Every problem's stable, machine-readable code, in one list: what the
//! CLI's `--json`, the verify page and the service's answers carry. The
//! strings are a contract; `docs/notice-format.md` and
//! `docs/receipt-format.md` document each (a test holds them together).

use std::fmt;

/// The kind of a [`crate::Problem`], rendered as its documented string
/// (e.g. `unknown-field`, `bad-signature`) by [`Code::as_str`] and `Display`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Code {
    /// `too-large`: the document is over 1 MiB.
    TooLarge,
    /// `invalid-utf8`: the bytes are not UTF-8.
    InvalidUtf8,
    /// `malformed-json`: not JSON: a byte order mark, trailing data, a lone surrogate
    /// escape, a number out of range.
    MalformedJson,
    /// `duplicate-key`: a member name twice in one object, or a notice's controller key
    /// listed twice.
    DuplicateKey,
    /// `too-deep`: nesting reaches 128 levels.
    TooDeep,
    /// `wrong-type`: a notice's value of the wrong JSON type.
    WrongType,
    /// `unknown-field`: a notice's member not in the format.
    UnknownField,
    /// `missing-field`: a required member is absent (a notice's, or a receipt's `payload`,
    /// `signatures`, `protected` or `signature`).
    MissingField,
    /// `no-recipients`: a notice's purpose or required processing without recipients.
    NoRecipients,
    /// `no-retention`: a notice's purpose or required processing without retention.
    NoRetention,
    /// `hidden-refusal`: a notice member that would hide or weaken the refuse-all button.
    HiddenRefusal,
    /// `pre-ticked`: a notice member that would tick a box before the pupil does.
    PreTicked,
    /// `forced-consent`: a notice member that would make a purpose compulsory.
    ForcedConsent,
    /// `unsupported-format`: a notice's `format` or a payload's `version` this reader does
    /// not know.
    UnsupportedFormat,
    /// `needs-newer-format`: a notice member of a newer format than the notice declares.
    NeedsNewerFormat,
    /// `invalid-validity`: a `grant_validity` that is neither a duration of years, months,
    /// weeks and days nor a date.
    InvalidValidity,
    /// `invalid-date`: a date that is not `YYYY-MM-DD`.
    InvalidDate,
    /// `invalid-period`: a quiet period that ends before it starts.
    InvalidPeriod,
    /// `invalid-id`: an identifier or a receipt id that is not well formed.
    InvalidId,
    /// `duplicate-id`: an id used twice.
    DuplicateId,
    /// `invalid-jurisdiction`: a jurisdiction that is not `CC` or `CC-SSS`.
    InvalidJurisdiction,
    /// `invalid-language`: a language tag that is not well formed.
    InvalidLanguage,
    /// `duplicate-language`: a language declared twice.
    DuplicateLanguage,
    /// `invalid-age`: an age of digital consent that is not from 13 to 16.
    InvalidAge,
    /// `invalid-value`: a `joint_consent` value out of its range.
    InvalidValue,
    /// `invalid-url`: a policy URL that is not an https URL.
    InvalidUrl,
    /// `invalid-contact`: a contact that is neither an e-mail address nor an https URL.
    InvalidContact,
    /// `invalid-keys`: a notice's `controller.keys` empty or too long.
    InvalidKeys,
    /// `invalid-jwk`: not an OKP Ed25519 public JWK with exactly `kty`, `crv` and `x`.
    InvalidJwk,
    /// `private-key-exposed`: a JWK with its private part `d`.
    PrivateKeyExposed,
    /// `empty-list`: a list that must not be empty is empty.
    EmptyList,
    /// `too-many`: a list longer than its limit.
    TooMany,
    /// `undeclared-language`: a text, or a receipt, in a language the notice does not declare.
    UndeclaredLanguage,
    /// `missing-translation`: a text without a declared language.
    MissingTranslation,
    /// `empty-text`: a text that is empty or only whitespace.
    EmptyText,
    /// `hidden-characters`: a text with characters that display one thing and mean another.
    HiddenCharacters,
    /// `control-character`: a text with a control character other than line feed.
    ControlCharacter,
    /// `too-long`: a text longer than its limit.
    TooLong,
    /// `placeholder-text`: a placeholder text.
    PlaceholderText,
    /// `unknown-category`: a purpose category that is not a Kantara or an accepted DPV one.
    UnknownCategory,
    /// `bundled-purpose`: a purpose with several categories.
    BundledPurpose,
    /// `unknown-channel`: a channel that does not exist.
    UnknownChannel,
    /// `duplicate-channel`: a channel listed twice.
    DuplicateChannel,
    /// `consent-not-required`: required processing that claims consent as its basis.
    ConsentNotRequired,
    /// `invalid-legal-basis`: a legal basis that is not one of GDPR art. 6(1)'s.
    InvalidLegalBasis,
    /// `invalid-notice`: a notice that could not be read without a problem recorded (a bug).
    InvalidNotice,
    /// `invalid-jws`: not a JWS in the General JSON Serialization.
    InvalidJws,
    /// `invalid-base64url`: not canonical base64url without padding.
    InvalidBase64url,
    /// `invalid-payload`: a payload member unknown, missing or of the wrong type.
    InvalidPayload,
    /// `invalid-time`: a time that is not RFC 3339 UTC.
    InvalidTime,
    /// `invalid-digest`: a digest that is not 32 bytes of base64url.
    InvalidDigest,
    /// `invalid-chain`: a receipt whose `previous` names itself.
    InvalidChain,
    /// `invalid-decision`: a purpose with both or neither of `status` and `channels`.
    InvalidDecision,
    /// `unsigned`: a receipt without any signature.
    Unsigned,
    /// `unprotected-header`: a signature with an unprotected header.
    UnprotectedHeader,
    /// `invalid-header`: a protected header that is not an object, has another member, or
    /// the wrong `typ`.
    InvalidHeader,
    /// `unsupported-alg`: an `alg` other than EdDSA.
    UnsupportedAlg,
    /// `missing-jwk`: a header without `jwk`.
    MissingJwk,
    /// `kid-mismatch`: a `kid` that is not the thumbprint of `jwk`.
    KidMismatch,
    /// `invalid-role`: a `role` that is not `subject`, `guardian` or `controller`.
    InvalidRole,
    /// `bad-signature`: a signature that does not verify.
    BadSignature,
    /// `duplicate-signature`: the same key signing twice.
    DuplicateSignature,
    /// `notice-mismatch`: a receipt or request for another notice or version.
    NoticeMismatch,
    /// `digest-mismatch`: a digest that is not the notice's, or not its texts'.
    DigestMismatch,
    /// `unknown-purpose`: a recorded purpose the notice does not have.
    UnknownPurpose,
    /// `channel-mismatch`: a purpose's channels other than the notice's.
    ChannelMismatch,
    /// `missing-purpose`: a purpose of the notice without a decision.
    MissingPurpose,
    /// `unlisted-controller-key`: a controller signature by a key the notice does not list.
    UnlistedControllerKey,
    /// `joint-signature-missing`: a joint receipt without the pupil's or the guardian's signature.
    JointSignatureMissing,
    /// `guardian-statement-missing`: below the age, a grant without the guardian's statement.
    GuardianStatementMissing,
    /// `guardian-not-needed`: a guardian's statement at or over the age.
    GuardianNotNeeded,
    /// `no-parental-authority`: a guardian who does not state parental authority.
    NoParentalAuthority,
    /// `age-mismatch`: a receipt's age that is not the notice's.
    AgeMismatch,
    /// `guardian-name-missing`: no guardian's name where the notice asks for one.
    GuardianNameMissing,
    /// `guardian-name-not-asked`: a guardian's name where the notice does not ask for one.
    GuardianNameNotAsked,
    /// `invalid-request`: a guardian request link that does not read.
    InvalidRequest,
    /// `invalid-answer`: a guardian's answer link that does not read.
    InvalidAnswer,
    /// `request-mismatch`: an answer to another request.
    RequestMismatch,
    /// `request-expired`: an answer outside the request's time.
    RequestExpired,
    /// `guardian-widened`: a guardian granting what the pupil refused.
    GuardianWidened,
    /// `missing-previous`: in an export, a receipt replacing one that is not there.
    MissingPrevious,
    /// `replaced-twice`: in an export, a receipt replaced twice.
    ReplacedTwice,
    /// `several-chains`: an export of several chains.
    SeveralChains,
    /// `wrong-kind`: a signed document of another kind than expected (a manifest read as a
    /// receipt, a receipt read as a withdrawal).
    WrongKind,
    /// `campaign-mismatch`: a release record of another campaign than the manifest given.
    CampaignMismatch,
    /// `self-approved`: a campaign manifest approved by the account that drafted it.
    SelfApproved,
    /// `missing-stop-url`: a campaign template's footer without the `{stop_url}` placeholder.
    MissingStopUrl,
    /// `invalid-window`: a campaign window that ends before it starts.
    InvalidWindow,
    /// `invalid-log-key`: a notice's log key that is not a C2SP Ed25519 verifier key, or
    /// log keys naming different logs.
    InvalidLogKey,
    /// `malformed-log-proof`: a log proof that is not a C2SP tlog-proof holding a checkpoint.
    MalformedLogProof,
    /// `unlisted-log-key`: a checkpoint signed by no log key the notice lists.
    UnlistedLogKey,
    /// `log-proof-mismatch`: an inclusion or consistency proof that does not lead to the
    /// checkpoint's root: the proof does not hold.
    LogProofMismatch,
}

impl Code {
    /// Every code, in the order of this list.
    pub const ALL: [Self; 92] = [
        Self::TooLarge,
        Self::InvalidUtf8,
        Self::MalformedJson,
        Self::DuplicateKey,
        Self::TooDeep,
        Self::WrongType,
        Self::UnknownField,
        Self::MissingField,
        Self::NoRecipients,
        Self::NoRetention,
        Self::HiddenRefusal,
        Self::PreTicked,
        Self::ForcedConsent,
        Self::UnsupportedFormat,
        Self::NeedsNewerFormat,
        Self::InvalidValidity,
        Self::InvalidDate,
        Self::InvalidPeriod,
        Self::InvalidId,
        Self::DuplicateId,
        Self::InvalidJurisdiction,
        Self::InvalidLanguage,
        Self::DuplicateLanguage,
        Self::InvalidAge,
        Self::InvalidValue,
        Self::InvalidUrl,
        Self::InvalidContact,
        Self::InvalidKeys,
        Self::InvalidJwk,
        Self::PrivateKeyExposed,
        Self::EmptyList,
        Self::TooMany,
        Self::UndeclaredLanguage,
        Self::MissingTranslation,
        Self::EmptyText,
        Self::HiddenCharacters,
        Self::ControlCharacter,
        Self::TooLong,
        Self::PlaceholderText,
        Self::UnknownCategory,
        Self::BundledPurpose,
        Self::UnknownChannel,
        Self::DuplicateChannel,
        Self::ConsentNotRequired,
        Self::InvalidLegalBasis,
        Self::InvalidNotice,
        Self::InvalidJws,
        Self::InvalidBase64url,
        Self::InvalidPayload,
        Self::InvalidTime,
        Self::InvalidDigest,
        Self::InvalidChain,
        Self::InvalidDecision,
        Self::Unsigned,
        Self::UnprotectedHeader,
        Self::InvalidHeader,
        Self::UnsupportedAlg,
        Self::MissingJwk,
        Self::KidMismatch,
        Self::InvalidRole,
        Self::BadSignature,
        Self::DuplicateSignature,
        Self::NoticeMismatch,
        Self::DigestMismatch,
        Self::UnknownPurpose,
        Self::ChannelMismatch,
        Self::MissingPurpose,
        Self::UnlistedControllerKey,
        Self::JointSignatureMissing,
        Self::GuardianStatementMissing,
        Self::GuardianNotNeeded,
        Self::NoParentalAuthority,
        Self::AgeMismatch,
        Self::GuardianNameMissing,
        Self::GuardianNameNotAsked,
        Self::InvalidRequest,
        Self::InvalidAnswer,
        Self::RequestMismatch,
        Self::RequestExpired,
        Self::GuardianWidened,
        Self::MissingPrevious,
        Self::ReplacedTwice,
        Self::SeveralChains,
        Self::WrongKind,
        Self::CampaignMismatch,
        Self::SelfApproved,
        Self::MissingStopUrl,
        Self::InvalidWindow,
        Self::InvalidLogKey,
        Self::MalformedLogProof,
        Self::UnlistedLogKey,
        Self::LogProofMismatch,
    ];

    /// The code as documented, e.g. `unknown-field`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::TooLarge => "too-large",
            Self::InvalidUtf8 => "invalid-utf8",
            Self::MalformedJson => "malformed-json",
            Self::DuplicateKey => "duplicate-key",
            Self::TooDeep => "too-deep",
            Self::WrongType => "wrong-type",
            Self::UnknownField => "unknown-field",
            Self::MissingField => "missing-field",
            Self::NoRecipients => "no-recipients",
            Self::NoRetention => "no-retention",
            Self::HiddenRefusal => "hidden-refusal",
            Self::PreTicked => "pre-ticked",
            Self::ForcedConsent => "forced-consent",
            Self::UnsupportedFormat => "unsupported-format",
            Self::NeedsNewerFormat => "needs-newer-format",
            Self::InvalidValidity => "invalid-validity",
            Self::InvalidDate => "invalid-date",
            Self::InvalidPeriod => "invalid-period",
            Self::InvalidId => "invalid-id",
            Self::DuplicateId => "duplicate-id",
            Self::InvalidJurisdiction => "invalid-jurisdiction",
            Self::InvalidLanguage => "invalid-language",
            Self::DuplicateLanguage => "duplicate-language",
            Self::InvalidAge => "invalid-age",
            Self::InvalidValue => "invalid-value",
            Self::InvalidUrl => "invalid-url",
            Self::InvalidContact => "invalid-contact",
            Self::InvalidKeys => "invalid-keys",
            Self::InvalidJwk => "invalid-jwk",
            Self::PrivateKeyExposed => "private-key-exposed",
            Self::EmptyList => "empty-list",
            Self::TooMany => "too-many",
            Self::UndeclaredLanguage => "undeclared-language",
            Self::MissingTranslation => "missing-translation",
            Self::EmptyText => "empty-text",
            Self::HiddenCharacters => "hidden-characters",
            Self::ControlCharacter => "control-character",
            Self::TooLong => "too-long",
            Self::PlaceholderText => "placeholder-text",
            Self::UnknownCategory => "unknown-category",
            Self::BundledPurpose => "bundled-purpose",
            Self::UnknownChannel => "unknown-channel",
            Self::DuplicateChannel => "duplicate-channel",
            Self::ConsentNotRequired => "consent-not-required",
            Self::InvalidLegalBasis => "invalid-legal-basis",
            Self::InvalidNotice => "invalid-notice",
            Self::InvalidJws => "invalid-jws",
            Self::InvalidBase64url => "invalid-base64url",
            Self::InvalidPayload => "invalid-payload",
            Self::InvalidTime => "invalid-time",
            Self::InvalidDigest => "invalid-digest",
            Self::InvalidChain => "invalid-chain",
            Self::InvalidDecision => "invalid-decision",
            Self::Unsigned => "unsigned",
            Self::UnprotectedHeader => "unprotected-header",
            Self::InvalidHeader => "invalid-header",
            Self::UnsupportedAlg => "unsupported-alg",
            Self::MissingJwk => "missing-jwk",
            Self::KidMismatch => "kid-mismatch",
            Self::InvalidRole => "invalid-role",
            Self::BadSignature => "bad-signature",
            Self::DuplicateSignature => "duplicate-signature",
            Self::NoticeMismatch => "notice-mismatch",
            Self::DigestMismatch => "digest-mismatch",
            Self::UnknownPurpose => "unknown-purpose",
            Self::ChannelMismatch => "channel-mismatch",
            Self::MissingPurpose => "missing-purpose",
            Self::UnlistedControllerKey => "unlisted-controller-key",
            Self::JointSignatureMissing => "joint-signature-missing",
            Self::GuardianStatementMissing => "guardian-statement-missing",
            Self::GuardianNotNeeded => "guardian-not-needed",
            Self::NoParentalAuthority => "no-parental-authority",
            Self::AgeMismatch => "age-mismatch",
            Self::GuardianNameMissing => "guardian-name-missing",
            Self::GuardianNameNotAsked => "guardian-name-not-asked",
            Self::InvalidRequest => "invalid-request",
            Self::InvalidAnswer => "invalid-answer",
            Self::RequestMismatch => "request-mismatch",
            Self::RequestExpired => "request-expired",
            Self::GuardianWidened => "guardian-widened",
            Self::MissingPrevious => "missing-previous",
            Self::ReplacedTwice => "replaced-twice",
            Self::SeveralChains => "several-chains",
            Self::WrongKind => "wrong-kind",
            Self::CampaignMismatch => "campaign-mismatch",
            Self::SelfApproved => "self-approved",
            Self::MissingStopUrl => "missing-stop-url",
            Self::InvalidWindow => "invalid-window",
            Self::InvalidLogKey => "invalid-log-key",
            Self::MalformedLogProof => "malformed-log-proof",
            Self::UnlistedLogKey => "unlisted-log-key",
            Self::LogProofMismatch => "log-proof-mismatch",
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<str> for Code {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}
