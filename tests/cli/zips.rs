//! Taking a workbook's zip apart and putting it back together, for damaged variants.

use std::io::{Cursor, Read, Write};

use zip::write::SimpleFileOptions;

/// The entries of a zip, in order: (name, bytes).
pub fn parts(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip");
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).expect("an entry");
            let name = file.name().expect("a name").to_string();
            let mut data = Vec::new();
            file.read_to_end(&mut data).expect("inflates");
            (name, data)
        })
        .collect()
}

/// A zip of `parts`, deflated.
pub fn build(parts: &[(String, Vec<u8>)]) -> Vec<u8> {
    build_with(parts, zip::CompressionMethod::Deflated)
}

/// A zip of `parts`, stored without compression (fast for big generated parts).
pub fn build_stored(parts: &[(String, Vec<u8>)]) -> Vec<u8> {
    build_with(parts, zip::CompressionMethod::Stored)
}

fn build_with(parts: &[(String, Vec<u8>)], method: zip::CompressionMethod) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(method).large_file(true);
    for (name, data) in parts {
        writer.start_file(name.as_str(), options).expect("start");
        writer.write_all(data).expect("write");
    }
    writer.finish().expect("finish").into_inner()
}

/// Replaces one entry's bytes.
pub fn replace(parts: &mut [(String, Vec<u8>)], name: &str, data: Vec<u8>) {
    let entry = parts.iter_mut().find(|(n, _)| n == name).unwrap_or_else(|| panic!("no entry {name}"));
    entry.1 = data;
}
