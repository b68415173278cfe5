//! End-to-end: the calendar in a real pseudo-terminal at 80x24. Open it on
//! the selected article's month, walk to a day with articles, apply it and
//! see that day's list; step month by month; leave with Esc.

mod support;

use support::{Session, write_article};

fn corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let pages = [
        (
            "2021/01/nam-moi.txt",
            "Chào năm mới 2021",
            "Thứ Sáu, ngày 1 tháng 1 năm 2021 - 07:00",
        ),
        (
            "2020/12/tong-ket.txt",
            "Tổng kết năm của tỉnh",
            "Thứ Năm, ngày 31 tháng 12 năm 2020 - 19:20",
        ),
        (
            "2020/12/chieu.txt",
            "Buổi chiều ở chợ phiên",
            "Thứ Năm, ngày 31 tháng 12 năm 2020 - 15:00",
        ),
        (
            "2020/12/giua-thang.txt",
            "Giữa tháng mười hai",
            "Thứ Ba, ngày 15 tháng 12 năm 2020 - 08:00",
        ),
        (
            "2020/11/mua-lua.txt",
            "Mùa lúa tháng mười một",
            "Thứ Hai, ngày 2 tháng 11 năm 2020 - 08:00",
        ),
    ];
    for (rel, title, date) in pages {
        write_article(dir.path(), rel, title, date, &["Một đoạn."]);
    }
    dir
}

#[test]
fn open_walk_to_a_day_apply_it_and_step_months() {
    let data = corpus();
    let mut s = Session::open(data.path(), 80, 24);
    s.wait_text("Chào năm mới 2021");
    // the second article (31/12/2020) selected: the calendar opens on December
    s.send("j");
    s.send("c");
    s.wait_text("December 2020");
    s.wait_text("Thursday, 31/12/2020: 2 articles");
    // walk back to the 15th (two weeks up, two days left), then on to the 31st
    s.send("kkhh");
    s.wait_text("Tuesday, 15/12/2020: 1 article");
    s.send("n");
    s.wait_text("Thursday, 31/12/2020: 2 articles");
    s.send("\r");
    s.wait_for("the list of 31/12/2020", |t| {
        t.contains("31/12/2020")
            && t.contains("Tổng kết năm của tỉnh")
            && t.contains("Buổi chiều ở chợ phiên")
            && !t.contains("Chào năm mới")
            && !t.contains("Giữa tháng mười hai")
    });
    // back in the calendar: it opens on the filter's day; step months
    s.send("c");
    s.wait_text("December 2020");
    s.send("[");
    s.wait_text("November 2020 › · 1 article");
    s.send("]]");
    s.wait_text("January 2021 › · 1 article");
    // Esc leaves the filter as it was
    s.send("\x1b");
    s.wait_for("the day's list again", |t| {
        !t.contains("January 2021")
            && t.contains("Tổng kết năm của tỉnh")
            && !t.contains("Chào năm mới")
    });
    // m applies the whole month
    s.send("c");
    s.wait_text("December 2020");
    s.send("m");
    s.wait_for("December's list", |t| {
        t.contains("Giữa tháng mười hai") && t.contains("12/2020")
    });
    s.send("q");
    s.wait_exit();
}
