//! The purpose categories a notice may name: exactly one per purpose, so a
//! purpose that bundles unrelated processing cannot be written down without
//! being split.

/// Kantara Consent Receipt v1.1 purpose categories, written `kantara:N`.
pub const KANTARA_CATEGORIES: [&str; 16] = [
    "Core Function",
    "Contracted Service",
    "Delivery",
    "Contact Requested",
    "Personalized Experience",
    "Marketing",
    "Marketing Third Parties",
    "Sharing for Delivery",
    "Sharing for Marketing",
    "3rd Party Sharing for Core Function",
    "3rd Party Sharing for Marketing",
    "Legally Required Data Retention",
    "Required by Law Enforcement or Government",
    "Protecting Your Health",
    "Protecting Our Interests",
    "Improve Performance",
];

/// W3C Data Privacy Vocabulary (DPV) purpose terms accepted, written `dpv:Term`.
///
/// A curated subset: the purposes a public body or a youth pass plausibly
/// asks consent for. A term missing here is refused with the list, rather
/// than accepted unchecked.
pub const DPV_PURPOSES: [&str; 31] = [
    "AcademicResearch",
    "Advertising",
    "CommercialResearch",
    "CommunicationForCustomerCare",
    "CommunicationManagement",
    "CustomerCare",
    "CustomerManagement",
    "CustomerRelationshipManagement",
    "DirectMarketing",
    "DisputeManagement",
    "EnhancedReliability",
    "ImproveExistingProductsAndServices",
    "ImprovePublicServices",
    "Marketing",
    "MemberPartnerManagement",
    "NonCommercialResearch",
    "OptimisationForConsumer",
    "OptimisationForController",
    "Personalisation",
    "PersonalisedAdvertising",
    "PersonalisedBenefits",
    "PublicBenefit",
    "PublicRelations",
    "ResearchAndDevelopment",
    "SellDataToThirdParties",
    "ServiceOptimisation",
    "ServicePersonalisation",
    "ServiceProvision",
    "SocialMediaMarketing",
    "UserInterfacePersonalisation",
    "VendorManagement",
];

/// Whether `category` is `kantara:N` (1 to 16) or `dpv:Term` from [`DPV_PURPOSES`].
///
/// ```
/// use limpide_receipt::is_known_category;
/// assert!(is_known_category("dpv:DirectMarketing"));
/// assert!(is_known_category("kantara:9"));
/// assert!(!is_known_category("kantara:17"));
/// assert!(!is_known_category("marketing"));
/// ```
pub fn is_known_category(category: &str) -> bool {
    if let Some(n) = category.strip_prefix("kantara:") {
        // `kantara:09` or `kantara:+9` are refused: one spelling per category.
        return n
            .parse::<usize>()
            .is_ok_and(|k| (1..=KANTARA_CATEGORIES.len()).contains(&k) && k.to_string() == n);
    }
    category
        .strip_prefix("dpv:")
        .is_some_and(|term| DPV_PURPOSES.contains(&term))
}
