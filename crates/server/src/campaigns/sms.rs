//! How many SMS segments a text takes (3GPP TS 23.038): GSM-7 while every
//! character is in its alphabet, UCS-2 as soon as one is not (`ê` is not).
//! A long message is split into parts that each lose room to the header
//! that joins them: 153 septets or 67 UTF-16 units instead of 160 or 70.

/// The most segments a campaign's SMS may take, footer included: three
/// parts cost three messages to send, and a pupil reads them as one.
pub const MAX_SEGMENTS: usize = 3;

/// GSM 03.38's basic alphabet, one septet each (the escape to the
/// extension table is not a character of its own).
const BASIC: &str = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?\
¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

/// The extension table: an escape septet and the character, two each.
const EXTENDED: &str = "^{}\\[~]|€\u{c}";

/// The encoding a text needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// GSM 7-bit: 160 septets in one segment, 153 in each part.
    Gsm7,
    /// UCS-2: 70 UTF-16 units in one segment, 67 in each part.
    Ucs2,
}

impl Encoding {
    /// Its name as operators write it.
    pub fn name(self) -> &'static str {
        match self {
            Self::Gsm7 => "GSM-7",
            Self::Ucs2 => "UCS-2",
        }
    }

    fn single(self) -> usize {
        match self {
            Self::Gsm7 => 160,
            Self::Ucs2 => 70,
        }
    }

    fn part(self) -> usize {
        match self {
            Self::Gsm7 => 153,
            Self::Ucs2 => 67,
        }
    }
}

/// What a text costs to send.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Segments {
    /// The encoding it needs.
    pub encoding: Encoding,
    /// How many segments.
    pub count: usize,
}

/// The units a character takes in `encoding` (septets or UTF-16 units).
fn units(c: char, encoding: Encoding) -> usize {
    match encoding {
        Encoding::Gsm7 if EXTENDED.contains(c) => 2,
        Encoding::Gsm7 => 1,
        Encoding::Ucs2 => c.len_utf16(),
    }
}

/// The segments `text` takes. A character is never cut between two parts
/// (an escaped GSM character, a UTF-16 surrogate pair), as phones split.
///
/// ```
/// use limpide_server::campaigns::sms::{segments, Encoding};
/// assert_eq!(segments(&"a".repeat(160)).count, 1);
/// assert_eq!(segments(&"a".repeat(161)).count, 2);
/// let fete = segments("Bonne fête");
/// assert_eq!((fete.encoding, fete.count), (Encoding::Ucs2, 1));
/// ```
pub fn segments(text: &str) -> Segments {
    let gsm = text
        .chars()
        .all(|c| BASIC.contains(c) || EXTENDED.contains(c));
    let encoding = if gsm { Encoding::Gsm7 } else { Encoding::Ucs2 };
    let total: usize = text.chars().map(|c| units(c, encoding)).sum();
    if total <= encoding.single() {
        return Segments { encoding, count: 1 };
    }
    let (mut count, mut used) = (1, 0);
    for c in text.chars() {
        let size = units(c, encoding);
        if used + size > encoding.part() {
            count += 1;
            used = 0;
        }
        used += size;
    }
    Segments { encoding, count }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gsm_limits() {
        assert_eq!(segments("").count, 1);
        assert_eq!(segments(&"é".repeat(160)).count, 1);
        assert_eq!(segments(&"a".repeat(306)).count, 2);
        assert_eq!(segments(&"a".repeat(307)).count, 3);
        assert_eq!(segments(&"a".repeat(459)).count, 3);
        assert_eq!(segments(&"a".repeat(460)).count, 4);
    }

    #[test]
    fn extension_characters_take_two_septets_and_are_never_cut() {
        assert_eq!(segments(&"€".repeat(80)).count, 1);
        assert_eq!(segments(&"€".repeat(81)).count, 2);
        assert_eq!(segments(&format!("{}€", "a".repeat(158))).count, 1);
        assert_eq!(segments(&format!("{}€", "a".repeat(159))).count, 2);
        // 306 septets would fill two parts of 153, but the escaped
        // character after 152 does not fit in the first: three parts.
        let text = format!("{}€{}", "a".repeat(152), "a".repeat(152));
        assert_eq!(segments(&text).encoding, Encoding::Gsm7);
        assert_eq!(segments(&text).count, 3);
    }

    #[test]
    fn one_character_outside_gsm_makes_it_ucs2() {
        let text = format!("{}ê", "a".repeat(69));
        assert_eq!(
            segments(&text),
            Segments {
                encoding: Encoding::Ucs2,
                count: 1
            }
        );
        let text = format!("{}ê", "a".repeat(70));
        assert_eq!(segments(&text).count, 2);
        assert_eq!(segments(&"ê".repeat(134)).count, 2);
        assert_eq!(segments(&"ê".repeat(135)).count, 3);
    }

    #[test]
    fn a_surrogate_pair_is_never_cut() {
        // 66 units, then an emoji of two units: it does not fit in part one.
        let text = format!("{}😀{}", "ê".repeat(66), "ê".repeat(5));
        assert_eq!(segments(&text).count, 2);
        let text = format!("{}😀", "ê".repeat(69));
        assert_eq!(segments(&text).count, 2);
    }
}
