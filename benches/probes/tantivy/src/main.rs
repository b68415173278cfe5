//! How long tantivy takes to index the folded text xemtin gives FTS5, and
//! how large the result is (issue 13, alternative d; BENCHMARKS.md). A
//! crate of its own, outside xemtin's build: tantivy is not a dependency.
//! Input: one article a line, `rowid \x1f title \x1f body \x1f source`:
//!
//! ```sh
//! cargo run --release --example fts_options -- fold DATA /tmp/folded.sqlite
//! sqlite3 /tmp/folded.sqlite -separator $'\x1f' \
//!     "SELECT rowid, title, replace(body, char(10), ' '), source FROM docs" > /tmp/docs.txt
//! cd benches/probes/tantivy && cargo run --release -- /tmp/docs.txt /tmp/tv THREADS HEAP_MB
//! ```

use std::io::BufRead;
use std::time::{Duration, Instant};

use tantivy::schema::{IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions};
use tantivy::{Index, IndexWriter, TantivyDocument, doc};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (docs, out) = (&args[0], std::path::Path::new(&args[1]));
    let threads: usize = args[2].parse().unwrap();
    let heap_mb: usize = args[3].parse().unwrap();
    let _ = std::fs::remove_dir_all(out);
    std::fs::create_dir_all(out).unwrap();
    let mut sb = Schema::builder();
    let text = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer("whitespace")
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let rowid = sb.add_u64_field("rowid", NumericOptions::default().set_fast().set_indexed());
    let title = sb.add_text_field("title", text.clone());
    let body = sb.add_text_field("body", text.clone());
    let source = sb.add_text_field("source", text);
    let index = Index::create_in_dir(out, sb.build()).unwrap();
    let (t0, c0) = (Instant::now(), cpu());
    let mut writer: IndexWriter<TantivyDocument> = index
        .writer_with_num_threads(threads, heap_mb << 20)
        .unwrap();
    let file = std::io::BufReader::new(std::fs::File::open(docs).unwrap());
    let mut n = 0u64;
    for line in file.lines() {
        let line = line.unwrap();
        let mut f = line.split('\x1f');
        let (r, t, b, s) = (
            f.next().unwrap(),
            f.next().unwrap_or(""),
            f.next().unwrap_or(""),
            f.next().unwrap_or(""),
        );
        writer
            .add_document(
                doc!(rowid => r.parse::<u64>().unwrap(), title => t, body => b, source => s),
            )
            .unwrap();
        n += 1;
    }
    writer.commit().unwrap();
    let committed = (t0.elapsed(), cpu() - c0);
    // one segment, as FTS5's 'optimize' leaves one b-tree
    let ids = index.searchable_segment_ids().unwrap();
    let segments = ids.len();
    if ids.len() > 1 {
        let _ = writer.merge(&ids).wait().unwrap();
    }
    writer.wait_merging_threads().unwrap();
    println!(
        "{segments} segments merged into {}",
        index.searchable_segment_ids().unwrap().len()
    );
    let (wall, c) = (t0.elapsed(), cpu() - c0);
    let bytes: u64 = std::fs::read_dir(out)
        .unwrap()
        .flatten()
        .filter_map(|e| e.metadata().ok())
        .map(|m| m.len())
        .sum();
    println!(
        "tantivy {threads} thread(s), {heap_mb} MB heap: {n} docs; committed: wall {:.2?} cpu {:.2?}; merged: wall {wall:.2?} cpu {c:.2?}; {:.1} MB",
        committed.0,
        committed.1,
        bytes as f64 / 1e6
    );
}

fn cpu() -> Duration {
    // SAFETY: rusage is plain integers (all zeros is a valid value), and
    // getrusage writes only into the struct it is given.
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: as above.
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut u) };
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    tv(u.ru_utime) + tv(u.ru_stime)
}
