//! Dates: Vietnamese weekday names, date expressions typed by the user
//! ("31/12/2020", "12/2020", "2020", ranges, "hôm nay") and stepping a
//! date filter by its own span.

use chrono::Weekday;

/// The Vietnamese name of a weekday as newspapers print it: "Thứ Hai" …
/// "Thứ Bảy", "Chủ Nhật".
pub fn weekday_vi(w: Weekday) -> &'static str {
    match w {
        Weekday::Mon => "Thứ Hai",
        Weekday::Tue => "Thứ Ba",
        Weekday::Wed => "Thứ Tư",
        Weekday::Thu => "Thứ Năm",
        Weekday::Fri => "Thứ Sáu",
        Weekday::Sat => "Thứ Bảy",
        Weekday::Sun => "Chủ Nhật",
    }
}
