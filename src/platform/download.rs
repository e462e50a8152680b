//! Handing the receipt to the family: a JSON file download and printing.

use js_sys::Array;
use wasm_bindgen::{JsCast as _, JsValue};
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, Node, Url};

use limpide_receipt::{base64url, canonical_json, Notice, Receipt};

use crate::error::{ErrorCode, WidgetError};
use crate::platform::browser::window;

/// Offers `text` as a file named `file_name` (the receipt's JWS JSON).
///
/// The link is added next to `anchor_parent` for the click (Firefox needs it
/// in the document) and removed at once.
pub(crate) fn download(
    file_name: &str,
    text: &str,
    anchor_parent: &Node,
) -> Result<(), WidgetError> {
    let fail = |e: JsValue| {
        WidgetError::from_js(ErrorCode::DownloadFailed, "cannot offer the download", &e)
    };
    let parts = Array::of1(&JsValue::from_str(text));
    let options = BlobPropertyBag::new();
    options.set_type("application/jose+json");
    let blob = Blob::new_with_str_sequence_and_options(&parts, &options).map_err(fail)?;
    let url = Url::create_object_url_with_blob(&blob).map_err(fail)?;
    let document = window()?
        .document()
        .ok_or_else(|| WidgetError::new(ErrorCode::DownloadFailed, "no document"))?;
    let anchor: HtmlAnchorElement = document
        .create_element("a")
        .map_err(fail)?
        .dyn_into()
        .map_err(|_| WidgetError::new(ErrorCode::DownloadFailed, "cannot make a link"))?;
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.set_hidden(true);
    anchor_parent.append_child(&anchor).map_err(fail)?;
    anchor.click();
    anchor.remove();
    // Not revoked at once: that can cancel the download in some browsers.
    // The blob URL is released when the page goes away.
    Ok(())
}

/// A button callback that downloads `receipt` as `<receipt_id>.json`, the
/// link placed inside `near` (the summary or the history).
pub(crate) fn download_receipt_callback(
    receipt: &limpide_receipt::Receipt,
    near: &yew::NodeRef,
) -> yew::Callback<yew::MouseEvent> {
    let receipt = receipt.clone();
    let near = near.clone();
    yew::Callback::from(move |_| {
        if let Some(parent) = near.get() {
            let name = format!("{}.json", receipt.payload().receipt_id);
            // If the browser refuses (no Blob URLs: very rare), the receipt
            // stays on screen, where it can be printed.
            let _ = download(&name, &receipt.to_json(), &parent);
        }
    })
}

/// Opens the browser's print dialog; the stylesheet prints the summary.
pub(crate) fn print() -> Result<(), WidgetError> {
    window()?
        .print()
        .map_err(|e| WidgetError::from_js(ErrorCode::PrintFailed, "cannot print", &e))
}

/// The URL of a families' page (`receipts.html`, `print.html`) in `pages`
/// (relative to the document), or `None` if `pages` is not a URL.
pub(crate) fn family_page(pages: &str, page: &str) -> Option<String> {
    let base = window().ok()?.document()?.base_uri().ok()??;
    let folder = Url::new_with_base(pages, &base).ok()?;
    Url::new_with_base(page, &folder.href())
        .ok()
        .map(|url| url.href())
}

/// Opens the printable receipt (`print.html`) in a new tab: the receipt and
/// the notice go in the fragment, which no server sees.
pub(crate) fn print_receipt(
    pages: &str,
    notice: &Notice,
    receipt: &Receipt,
) -> Result<(), WidgetError> {
    let fail = |e: JsValue| WidgetError::from_js(ErrorCode::PrintFailed, "cannot print", &e);
    let page = family_page(pages, "print.html")
        .ok_or_else(|| WidgetError::new(ErrorCode::PrintFailed, "the pages option is not a URL"))?;
    let url = format!(
        "{page}#receipt={}&notice={}",
        base64url::encode(receipt.to_json().as_bytes()),
        base64url::encode(canonical_json(notice.document()).as_bytes())
    );
    window()?
        .open_with_url_and_target(&url, "_blank")
        .map_err(fail)?;
    Ok(())
}
