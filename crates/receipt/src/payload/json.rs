//! A payload to and from its JSON value, by hand rather than by serde's
//! derives, which put a deserializer per type into the widget's wasm. Every
//! member is read exactly: an unknown, missing or mistyped one is an
//! `invalid-payload` problem at its own pointer.

use super::{
    Collection, ControllerRecord, Decision, NoticeRef, Payload, PreviousReceipt, PurposeRecord,
};
use crate::age::{AgeBracket, AgeRecord, GuardianStatement};
use crate::code::Code;
use crate::error::{Error, Problems};
use crate::json::{expected, object, pointer, string, Map, Members, Value};

impl Payload {
    /// The payload as a JSON value (what is canonicalized and signed).
    pub fn to_value(&self) -> Value {
        let controller = &self.controller;
        let mut payload = object([
            ("version", Value::from(self.version)),
            ("receipt_id", string(&self.receipt_id)),
            ("issued_at", string(&self.issued_at)),
            ("language", string(&self.language)),
            ("jurisdiction", string(&self.jurisdiction)),
            (
                "controller",
                object([
                    ("name", string(&controller.name)),
                    ("address", string(&controller.address)),
                    ("contact", string(&controller.contact)),
                    ("dpo", string(&controller.dpo)),
                ]),
            ),
            ("policy_url", string(&self.policy_url)),
            ("notice", self.notice.to_value()),
            (
                "purposes",
                Value::Array(self.purposes.iter().map(PurposeRecord::to_value).collect()),
            ),
            ("collection", self.collection.to_value()),
        ]);
        if let Some(previous) = &self.previous {
            payload["previous"] = previous.to_value();
        }
        if let Some(subject) = &self.subject {
            payload["subject"] = string(subject);
        }
        if let Some(age) = &self.age {
            payload["age"] = object([
                ("bracket", string(age.bracket.as_str())),
                (
                    "digital_consent_age",
                    Value::from(u32::from(age.digital_consent_age)),
                ),
            ]);
        }
        if let Some(guardian) = &self.guardian {
            payload["guardian"] = guardian.to_value();
        }
        payload
    }

    /// Reads a payload's members and types (not yet its checks).
    pub(super) fn read(value: &Value) -> Result<Self, Error> {
        let mut read = Reader::default();
        let payload = read.payload(value);
        read.problems.finish(())?;
        payload.ok_or_else(|| Error::one("", Code::InvalidPayload, "the payload could not be read"))
    }
}

impl NoticeRef {
    /// The reference to `notice`: its id, version and digest.
    pub fn of(notice: &crate::Notice) -> Self {
        Self {
            id: notice.id.clone(),
            version: notice.version.clone(),
            digest: notice.digest().to_owned(),
        }
    }

    /// `{id, version, digest}`, as payloads and guardian requests write it.
    pub(crate) fn to_value(&self) -> Value {
        object([
            ("id", string(&self.id)),
            ("version", string(&self.version)),
            ("digest", string(&self.digest)),
        ])
    }
}

impl Collection {
    /// `{method, agent, key_storage}`, as payloads and guardian requests write it.
    pub(crate) fn to_value(&self) -> Value {
        object([
            ("method", string(&self.method)),
            ("agent", string(&self.agent)),
            ("key_storage", string(&self.key_storage)),
        ])
    }
}

impl PreviousReceipt {
    /// `{receipt_id, digest}`, as payloads and guardian requests write it.
    pub(crate) fn to_value(&self) -> Value {
        object([
            ("receipt_id", string(&self.receipt_id)),
            ("digest", string(&self.digest)),
        ])
    }
}

impl GuardianStatement {
    /// `{holds_parental_authority, name?}`, as payloads and guardian answers write it.
    pub(crate) fn to_value(&self) -> Value {
        let mut statement = object([(
            "holds_parental_authority",
            Value::Bool(self.holds_parental_authority),
        )]);
        if let Some(name) = &self.name {
            statement["name"] = string(name);
        }
        statement
    }
}

impl PurposeRecord {
    fn to_value(&self) -> Value {
        let mut record = object([
            ("id", string(&self.id)),
            ("category", string(&self.category)),
            ("texts_digest", string(&self.texts_digest)),
        ]);
        if let Some(status) = self.status {
            record["status"] = string(status.as_str());
        }
        if let Some(channels) = &self.channels {
            let channels: Map = channels
                .iter()
                .map(|(name, d)| (name.clone(), string(d.as_str())))
                .collect();
            record["channels"] = Value::Object(channels);
        }
        record
    }
}

impl Decision {
    /// `granted` or `refused`, as receipts write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Granted => "granted",
            Self::Refused => "refused",
        }
    }
}

/// Collects every problem while reading.
#[derive(Default)]
struct Reader {
    problems: Problems,
}

impl Reader {
    fn problem(&mut self, path: &str, message: String) {
        self.problems.push(path, Code::InvalidPayload, message);
    }

    /// The object at `path` with exactly `required` and some of `optional`.
    fn object<'v>(
        &mut self,
        value: &'v Value,
        path: &str,
        required: &'static [&'static str],
        optional: &'static [&'static str],
    ) -> Option<&'v Map> {
        let members = Members { required, optional };
        let problems = &mut self.problems;
        members.read(value, path, "an object", &mut |problem| {
            problems.push(problem.path, Code::InvalidPayload, problem.message);
        })
    }

    fn string(&mut self, map: &Map, name: &str, path: &str) -> Option<String> {
        match map.get(name)? {
            Value::String(s) => Some(s.clone()),
            other => {
                self.problem(&pointer(path, name), expected("a string", other));
                None
            }
        }
    }

    /// An optional member: absent or `null` is `None`.
    fn optional<'v>(map: &'v Map, name: &str) -> Option<&'v Value> {
        map.get(name).filter(|v| !v.is_null())
    }

    fn payload(&mut self, value: &Value) -> Option<Payload> {
        const REQUIRED: &[&str] = &[
            "version",
            "receipt_id",
            "issued_at",
            "language",
            "jurisdiction",
            "controller",
            "policy_url",
            "notice",
            "purposes",
            "collection",
        ];
        let map = self.object(
            value,
            "",
            REQUIRED,
            &["previous", "subject", "age", "guardian"],
        )?;
        let version = match map.get("version") {
            Some(Value::Number(n)) if n.as_u64().is_some_and(|v| v <= u64::from(u32::MAX)) => {
                u32::try_from(n.as_u64().unwrap_or(0)).ok()
            }
            Some(other) => {
                self.problem("/version", expected("a whole number", other));
                None
            }
            None => None,
        };
        // Read before returning on any problem, so that all are reported.
        let previous = Self::optional(map, "previous").map(|value| self.previous(value));
        let subject = match Self::optional(map, "subject") {
            Some(Value::String(s)) => Some(s.clone()),
            Some(other) => {
                self.problem("/subject", expected("a string", other));
                None
            }
            None => None,
        };
        let age = Self::optional(map, "age").map(|value| self.age(value));
        let guardian = Self::optional(map, "guardian").map(|value| self.guardian(value));
        let fields = (
            version,
            self.string(map, "receipt_id", ""),
            self.string(map, "issued_at", ""),
            self.string(map, "language", ""),
            self.string(map, "jurisdiction", ""),
            map.get("controller").and_then(|c| self.controller(c)),
            self.string(map, "policy_url", ""),
            map.get("notice").and_then(|n| self.notice(n)),
            map.get("purposes").and_then(|p| self.purposes(p)),
            map.get("collection").and_then(|c| self.collection(c)),
        );
        let (
            Some(version),
            Some(receipt_id),
            Some(issued_at),
            Some(language),
            Some(jurisdiction),
            Some(controller),
            Some(policy_url),
            Some(notice),
            Some(purposes),
            Some(collection),
        ) = fields
        else {
            return None;
        };
        let previous = match previous {
            Some(read) => Some(read?),
            None => None,
        };
        let age = match age {
            Some(read) => Some(read?),
            None => None,
        };
        let guardian = match guardian {
            Some(read) => Some(read?),
            None => None,
        };
        Some(Payload {
            version,
            receipt_id,
            issued_at,
            language,
            jurisdiction,
            controller,
            policy_url,
            notice,
            purposes,
            previous,
            collection,
            subject,
            age,
            guardian,
        })
    }

    fn age(&mut self, value: &Value) -> Option<AgeRecord> {
        let path = "/age";
        let map = self.object(value, path, &["bracket", "digital_consent_age"], &[])?;
        let bracket = match map
            .get("bracket")
            .map(|b| (b, b.as_str().and_then(AgeBracket::from_name)))
        {
            Some((_, Some(bracket))) => Some(bracket),
            Some((other, None)) => {
                self.problem(
                    "/age/bracket",
                    format!("expected \"under\" or \"at-or-over\", found {other}"),
                );
                None
            }
            None => None,
        };
        let age = match map.get("digital_consent_age") {
            Some(Value::Number(n)) if n.as_u64().is_some_and(|a| a <= 255) => {
                u8::try_from(n.as_u64().unwrap_or(0)).ok()
            }
            Some(other) => {
                self.problem(
                    "/age/digital_consent_age",
                    expected("a whole number", other),
                );
                None
            }
            None => None,
        };
        Some(AgeRecord {
            bracket: bracket?,
            digital_consent_age: age?,
        })
    }

    fn guardian(&mut self, value: &Value) -> Option<GuardianStatement> {
        let path = "/guardian";
        let map = self.object(value, path, &["holds_parental_authority"], &["name"])?;
        let holds = match map.get("holds_parental_authority") {
            Some(Value::Bool(b)) => Some(*b),
            Some(other) => {
                self.problem(
                    "/guardian/holds_parental_authority",
                    expected("true or false", other),
                );
                None
            }
            None => None,
        };
        let name = match Self::optional(map, "name") {
            Some(Value::String(name)) => Some(Some(name.clone())),
            Some(other) => {
                self.problem("/guardian/name", expected("a string", other));
                None
            }
            None => Some(None),
        };
        Some(GuardianStatement {
            holds_parental_authority: holds?,
            name: name?,
        })
    }

    fn controller(&mut self, value: &Value) -> Option<ControllerRecord> {
        let path = "/controller";
        let map = self.object(value, path, &["name", "address", "contact", "dpo"], &[])?;
        Some(ControllerRecord {
            name: self.string(map, "name", path)?,
            address: self.string(map, "address", path)?,
            contact: self.string(map, "contact", path)?,
            dpo: self.string(map, "dpo", path)?,
        })
    }

    fn notice(&mut self, value: &Value) -> Option<NoticeRef> {
        let path = "/notice";
        let map = self.object(value, path, &["id", "version", "digest"], &[])?;
        Some(NoticeRef {
            id: self.string(map, "id", path)?,
            version: self.string(map, "version", path)?,
            digest: self.string(map, "digest", path)?,
        })
    }

    fn previous(&mut self, value: &Value) -> Option<PreviousReceipt> {
        let path = "/previous";
        let map = self.object(value, path, &["receipt_id", "digest"], &[])?;
        Some(PreviousReceipt {
            receipt_id: self.string(map, "receipt_id", path)?,
            digest: self.string(map, "digest", path)?,
        })
    }

    fn collection(&mut self, value: &Value) -> Option<Collection> {
        let path = "/collection";
        let map = self.object(value, path, &["method", "agent", "key_storage"], &[])?;
        Some(Collection {
            method: self.string(map, "method", path)?,
            agent: self.string(map, "agent", path)?,
            key_storage: self.string(map, "key_storage", path)?,
        })
    }

    fn purposes(&mut self, value: &Value) -> Option<Vec<PurposeRecord>> {
        let Some(items) = value.as_array() else {
            self.problem("/purposes", expected("an array", value));
            return None;
        };
        let records: Vec<Option<PurposeRecord>> = items
            .iter()
            .enumerate()
            .map(|(i, item)| self.purpose(item, &pointer("/purposes", i)))
            .collect();
        records.into_iter().collect()
    }

    fn purpose(&mut self, value: &Value, path: &str) -> Option<PurposeRecord> {
        let map = self.object(
            value,
            path,
            &["id", "category", "texts_digest"],
            &["status", "channels"],
        )?;
        // Every member read before returning on a problem, so that all are reported.
        let status =
            Self::optional(map, "status").map(|s| self.decision(s, &pointer(path, "status")));
        let channels =
            Self::optional(map, "channels").map(|c| self.channels(c, &pointer(path, "channels")));
        let (id, category, texts_digest) = (
            self.string(map, "id", path),
            self.string(map, "category", path),
            self.string(map, "texts_digest", path),
        );
        Some(PurposeRecord {
            id: id?,
            category: category?,
            texts_digest: texts_digest?,
            status: status.map_or(Some(None), |s| s.map(Some))?,
            channels: channels.map_or(Some(None), |c| c.map(Some))?,
        })
    }

    /// Sorted by name, as the object's members are.
    fn channels(&mut self, value: &Value, path: &str) -> Option<Vec<(String, Decision)>> {
        let Some(map) = value.as_object() else {
            self.problem(path, expected("an object", value));
            return None;
        };
        let decisions: Vec<Option<(String, Decision)>> = map
            .iter()
            .map(|(name, d)| Some((name.clone(), self.decision(d, &pointer(path, name))?)))
            .collect();
        decisions.into_iter().collect()
    }

    fn decision(&mut self, value: &Value, path: &str) -> Option<Decision> {
        match value.as_str() {
            Some("granted") => Some(Decision::Granted),
            Some("refused") => Some(Decision::Refused),
            _ => {
                self.problem(
                    path,
                    format!("expected \"granted\" or \"refused\", found {value}"),
                );
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {

    use super::*;

    fn example() -> Value {
        json!({
            "version": 1,
            "receipt_id": "0b9f3f8e-3c7a-4a43-9d55-2f1f0c4b6a10",
            "issued_at": "2026-11-24T18:05:09Z",
            "language": "fr",
            "jurisdiction": "FR",
            "controller": {"name": "Région", "address": "1 rue", "contact": "dpo@example.fr", "dpo": "dpo@example.fr"},
            "policy_url": "https://example.fr/p",
            "notice": {"id": "pass", "version": "1", "digest": "d"},
            "purposes": [
                {"id": "a", "category": "kantara:1", "texts_digest": "t", "status": "granted"},
                {"id": "b", "category": "kantara:1", "texts_digest": "t", "channels": {"sms": "refused"}}
            ],
            "previous": {"receipt_id": "1b9f3f8e-3c7a-4a43-9d55-2f1f0c4b6a10", "digest": "p"},
            "collection": {"method": "cli", "agent": "x", "key_storage": "jwk-file"},
            "subject": "s"
        })
    }

    /// Each problem's pointer, in order.
    fn problems_at(value: &Value) -> Vec<String> {
        let error = Payload::read(value).unwrap_err();
        error
            .problems()
            .iter()
            .map(|p| p.path().to_owned())
            .collect()
    }

    #[test]
    fn a_payload_reads_back_as_the_value_it_was_written_from() {
        let payload = Payload::read(&example()).unwrap();
        assert_eq!(payload.to_value(), example());
        assert_eq!(payload.purposes[0].status, Some(Decision::Granted));
        assert_eq!(payload.previous.as_ref().unwrap().digest, "p");
    }

    #[test]
    fn optional_members_may_be_absent_or_null() {
        let mut value = example();
        let map = value.as_object_mut().unwrap();
        map.remove("previous");
        map.insert("subject".into(), Value::Null);
        let payload = Payload::read(&value).unwrap();
        assert_eq!((payload.previous, payload.subject), (None, None));
    }

    #[test]
    fn every_unknown_missing_or_mistyped_member_is_named_where_it_is() {
        let mut value = example();
        value["ip"] = json!("203.0.113.7");
        value["controller"].as_object_mut().unwrap().remove("dpo");
        value["version"] = json!(1.5);
        value["purposes"][1]["channels"]["sms"] = json!("yes");
        value["notice"]["id"] = json!(7);
        value["previous"]["digest"] = json!(null);
        value["purposes"][0]["id"] = json!(false);
        assert_eq!(
            problems_at(&value),
            [
                "/ip",
                "/version",
                "/previous/digest",
                "/controller",
                "/notice/id",
                "/purposes/0/id",
                "/purposes/1/channels/sms"
            ]
        );
        assert!(Payload::read(&json!([])).is_err());
        let error = Payload::read(&json!({})).unwrap_err();
        assert!(error
            .problems()
            .iter()
            .all(|p| p.code() == Code::InvalidPayload));
        assert_eq!(error.problems().len(), 10, "one per missing member");
    }
}
