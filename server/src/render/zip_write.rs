//! A ZIP archive of stored (not recompressed) files: what "Export all" of a
//! workshop sends. PNG and PDF are compressed already and CSV is small, so
//! storing keeps it simple and fast. Names are UTF-8 (flagged as such).

/// General-purpose flag: the file name is UTF-8.
const UTF8_NAMES: u16 = 1 << 11;

struct Entry {
    name: String,
    crc: u32,
    size: u32,
    offset: u32,
}

/// Builds an archive in memory, file by file.
pub struct ZipWriter {
    out: Vec<u8>,
    entries: Vec<Entry>,
    /// MS-DOS time and date of every entry.
    time: u16,
    date: u16,
}

#[derive(Debug, thiserror::Error)]
#[error("the archive would be larger than 4 GiB")]
pub struct TooLarge;

fn u16le(out: &mut Vec<u8>, v: u16) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn u32le(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

/// The civil date (year, month, day) of a day count since 1970-01-01.
pub(crate) fn civil(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

impl ZipWriter {
    /// An empty archive whose files are dated `now_ms` (UTC).
    pub fn new(now_ms: i64) -> ZipWriter {
        let secs = now_ms.div_euclid(1000);
        let (year, month, day) = civil(secs.div_euclid(86_400));
        let in_day = secs.rem_euclid(86_400) as u32;
        let time = ((in_day / 3600) << 11) | (((in_day / 60) % 60) << 5) | ((in_day % 60) / 2);
        let date = ((year.clamp(1980, 2107) - 1980) as u32) << 9 | (month << 5) | day;
        ZipWriter {
            out: Vec::new(),
            entries: Vec::new(),
            time: time as u16,
            date: date as u16,
        }
    }

    /// Adds a file.
    pub fn add(&mut self, name: &str, bytes: &[u8]) -> Result<(), TooLarge> {
        let offset = u32::try_from(self.out.len()).map_err(|_| TooLarge)?;
        let size = u32::try_from(bytes.len()).map_err(|_| TooLarge)?;
        let name_len = u16::try_from(name.len()).map_err(|_| TooLarge)?;
        let crc = crc32fast::hash(bytes);
        let o = &mut self.out;
        u32le(o, 0x0403_4b50);
        u16le(o, 20); // version needed: 2.0
        u16le(o, UTF8_NAMES);
        u16le(o, 0); // stored
        u16le(o, self.time);
        u16le(o, self.date);
        u32le(o, crc);
        u32le(o, size);
        u32le(o, size);
        u16le(o, name_len);
        u16le(o, 0);
        o.extend_from_slice(name.as_bytes());
        o.extend_from_slice(bytes);
        self.entries.push(Entry {
            name: name.to_string(),
            crc,
            size,
            offset,
        });
        Ok(())
    }

    /// The finished archive: the files, then the central directory.
    pub fn finish(mut self) -> Result<Vec<u8>, TooLarge> {
        let start = u32::try_from(self.out.len()).map_err(|_| TooLarge)?;
        let count = u16::try_from(self.entries.len()).map_err(|_| TooLarge)?;
        for e in &self.entries {
            let o = &mut self.out;
            u32le(o, 0x0201_4b50);
            u16le(o, 20); // made by: 2.0
            u16le(o, 20);
            u16le(o, UTF8_NAMES);
            u16le(o, 0);
            u16le(o, self.time);
            u16le(o, self.date);
            u32le(o, e.crc);
            u32le(o, e.size);
            u32le(o, e.size);
            u16le(o, e.name.len() as u16);
            u16le(o, 0); // extra
            u16le(o, 0); // comment
            u16le(o, 0); // disk
            u16le(o, 0); // internal attributes
            u32le(o, 0); // external attributes
            u32le(o, e.offset);
            o.extend_from_slice(e.name.as_bytes());
        }
        let size = u32::try_from(self.out.len()).map_err(|_| TooLarge)? - start;
        let o = &mut self.out;
        u32le(o, 0x0605_4b50);
        u16le(o, 0);
        u16le(o, 0);
        u16le(o, count);
        u16le(o, count);
        u32le(o, size);
        u32le(o, start);
        u16le(o, 0);
        Ok(self.out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_become_dates() {
        assert_eq!(civil(0), (1970, 1, 1));
        assert_eq!(civil(20_421), (2025, 11, 29));
        assert_eq!(civil(11_016), (2000, 2, 29));
    }

    #[test]
    fn an_archive_lists_its_files_with_their_sizes_and_checksums() {
        // 29 November 2026, 13:45:30 UTC.
        let mut zip = ZipWriter::new(1_795_959_930_000);
        zip.add("Knee course/Red.csv", b"Stage,Lane\n")
            .expect("small");
        zip.add("Knee course/Blue — notes.txt", b"").expect("small");
        let bytes = zip.finish().expect("small");
        assert_eq!(&bytes[..4], b"PK\x03\x04");
        // The end record: two entries, and where the directory starts.
        let end = &bytes[bytes.len() - 22..];
        assert_eq!(&end[..4], b"PK\x05\x06");
        assert_eq!(u16::from_le_bytes([end[10], end[11]]), 2);
        let dir = u32::from_le_bytes([end[16], end[17], end[18], end[19]]) as usize;
        assert_eq!(&bytes[dir..dir + 4], b"PK\x01\x02");
        let crc = u32::from_le_bytes([
            bytes[dir + 16],
            bytes[dir + 17],
            bytes[dir + 18],
            bytes[dir + 19],
        ]);
        assert_eq!(crc, crc32fast::hash(b"Stage,Lane\n"));
        // DOS date: 2026-11-29; time 13:45:30.
        let date = u16::from_le_bytes([bytes[12], bytes[13]]);
        assert_eq!((date >> 9, (date >> 5) & 15, date & 31), (46, 11, 29));
        let time = u16::from_le_bytes([bytes[10], bytes[11]]);
        assert_eq!(
            (time >> 11, (time >> 5) & 63, (time & 31) * 2),
            (13, 45, 30)
        );
    }
}
