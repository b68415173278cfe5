//! The `charset` of a fetched feed's `Content-Type`, applied when the saved
//! file could not tell its encoding itself.
//!
//! A saved feed is read later without its HTTP headers, so a body whose
//! encoding only the header names is saved as UTF-8. The document's own word
//! wins over the header: a BOM, valid UTF-8, or an XML declaration naming an
//! encoding leave the body as it came (the declaration is what the feed's
//! software wrote; a server's charset is often a site-wide default).

use encoding_rs::Encoding;

use crate::ingest::encoding::{Basis, declared_encoding, legacy};

/// The encoding named by `charset=` in a `Content-Type` value, if
/// encoding_rs knows it.
pub fn charset_of(content_type: &str) -> Option<&'static Encoding> {
    content_type.split(';').skip(1).find_map(|param| {
        let (name, value) = param.split_once('=')?;
        if !name.trim().eq_ignore_ascii_case("charset") {
            return None;
        }
        let value = value.trim().trim_matches(|c| c == '"' || c == '\'');
        Encoding::for_label(value.as_bytes())
    })
}

/// `body` as it is saved: UTF-8 re-encoded from the header's charset when
/// the document names no encoding of its own and is not UTF-8; else as it
/// came.
pub fn apply_http_charset(body: Vec<u8>, content_type: Option<&str>) -> Vec<u8> {
    let Some(enc) = content_type.and_then(charset_of) else {
        return body;
    };
    if enc == encoding_rs::UTF_8
        || enc == encoding_rs::REPLACEMENT
        || Encoding::for_bom(&body).is_some()
        || std::str::from_utf8(&body).is_ok()
        || declared_encoding(&body).is_some()
    {
        return body;
    }
    let text = if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
        enc.decode_without_bom_handling(&body).0.into_owned()
    } else {
        legacy(enc, &body, Basis::HttpCharset).text.into_owned()
    };
    text.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::encoding::decode;

    #[test]
    fn charset_parameter_is_found_in_any_spelling() {
        let euc_kr = Encoding::for_label(b"euc-kr");
        assert_eq!(charset_of("text/xml; charset=euc-kr"), euc_kr);
        assert_eq!(charset_of("text/xml;CHARSET=\"EUC-KR\""), euc_kr);
        assert_eq!(
            charset_of("application/rss+xml; q=1; charset='ks_c_5601-1987'"),
            euc_kr
        );
        assert_eq!(charset_of("text/xml"), None);
        assert_eq!(charset_of("text/xml; charset=klingon"), None);
    }

    #[test]
    fn the_header_fills_in_when_the_document_names_no_encoding() {
        let (korean, _, _) = encoding_rs::EUC_KR.encode("<rss><title>한국어</title></rss>");
        let saved = apply_http_charset(korean.to_vec(), Some("text/xml; charset=euc-kr"));
        assert_eq!(
            std::str::from_utf8(&saved).unwrap(),
            "<rss><title>한국어</title></rss>"
        );
        let (cyrillic, _, _) = encoding_rs::KOI8_R.encode("{\"title\": \"Новости\"}");
        let saved = apply_http_charset(cyrillic.to_vec(), Some("application/json; charset=koi8-r"));
        assert_eq!(decode(&saved).unwrap().text, "{\"title\": \"Новости\"}");
    }

    #[test]
    fn downloads_are_checked_by_the_reader_xemtin_uses() {
        use crate::fetch::{FeedKind, validate_feed};
        // feed-rs alone refuses these; the saved copy must be kept
        let no_version =
            "<rss><channel><title>T</title><item><title>a</title></item></channel></rss>";
        assert_eq!(validate_feed(no_version.as_bytes(), FeedKind::Xml), Ok(()));
        let rss090 = "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns=\"http://my.netscape.com/rdf/simple/0.9/\"><channel><title>T</title></channel><item><title>a</title><link>http://a</link></item></rdf:RDF>";
        assert_eq!(validate_feed(rss090.as_bytes(), FeedKind::Xml), Ok(()));
        let (korean, _, _) = encoding_rs::EUC_KR
            .encode("<?xml version=\"1.0\" encoding=\"euc-kr\"?><rss version=\"2.0\"><channel><title>한국</title></channel></rss>");
        assert_eq!(validate_feed(&korean, FeedKind::Xml), Ok(()));
        let e = validate_feed(b"<html><body>x</body></html>", FeedKind::Xml).unwrap_err();
        assert!(e.contains("root element is <html>"), "{e}");
    }

    #[test]
    fn the_document_s_own_word_wins() {
        let (sjis, _, _) = encoding_rs::SHIFT_JIS
            .encode("<?xml version=\"1.0\" encoding=\"shift_jis\"?><rss>日本</rss>");
        let body = sjis.to_vec();
        // a wrong site-wide header does not override the declaration
        assert_eq!(
            apply_http_charset(body.clone(), Some("text/xml; charset=iso-8859-1")),
            body
        );
        let utf8 = "<rss>Tin tức</rss>".as_bytes().to_vec();
        assert_eq!(
            apply_http_charset(utf8.clone(), Some("text/xml; charset=euc-kr")),
            utf8
        );
        let (latin, _, _) = encoding_rs::WINDOWS_1252.encode("<rss>café</rss>");
        assert_eq!(apply_http_charset(latin.to_vec(), None), latin.to_vec());
    }
}
