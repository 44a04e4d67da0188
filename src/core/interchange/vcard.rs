//! Contacts as vCard 3.0 (RFC 2426), which phones, Outlook and WeChat's address book
//! import: one card per contact, the customer as its organisation.

use crate::core::customer::model::Customer;

/// Escapes a text value: backslash, comma, semicolon and newlines.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ',' => out.push_str("\\,"),
            ';' => out.push_str("\\;"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds a content line at 75 octets (continuation lines start with a space), never
/// inside a character.
fn fold(line: &str) -> String {
    let mut out = String::new();
    let mut used = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if used + n > 75 {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += n;
    }
    out.push_str("\r\n");
    out
}

/// Every contact of `customers` as one vCard file.
pub fn contacts(customers: &[Customer]) -> String {
    let mut out = String::new();
    for c in customers {
        for p in c.contacts.iter().filter(|p| !p.name.trim().is_empty()) {
            let mut lines = vec![
                "BEGIN:VCARD".to_owned(),
                "VERSION:3.0".to_owned(),
                format!("FN:{}", escape(p.name.trim())),
                format!("N:{};;;;", escape(p.name.trim())),
                format!("ORG:{}", escape(&c.basic.name)),
            ];
            if !p.title.is_empty() {
                lines.push(format!("TITLE:{}", escape(&p.title)));
            }
            for phone in p.phones.iter().filter(|x| !x.trim().is_empty()) {
                lines.push(format!("TEL;TYPE=WORK,VOICE:{}", escape(phone.trim())));
            }
            if !p.email.is_empty() {
                lines.push(format!("EMAIL;TYPE=INTERNET:{}", escape(&p.email)));
            }
            if let Some(b) = p.birthday {
                lines.push(format!("BDAY:{}", b.format("%Y-%m-%d")));
            }
            let address = [
                c.address.province.as_str(),
                c.address.city.as_str(),
                c.address.district.as_str(),
                c.address.detail.as_str(),
            ]
            .concat();
            if !address.is_empty() {
                lines.push(format!(
                    "ADR;TYPE=WORK:;;{};{};{};;",
                    escape(&c.address.detail),
                    escape(&c.address.city),
                    escape(&c.address.province)
                ));
            }
            let note = [c.archive_no.as_str(), p.notes.as_str()]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join("\n");
            if !note.is_empty() {
                lines.push(format!("NOTE:{}", escape(&note)));
            }
            lines.push("END:VCARD".to_owned());
            for l in lines {
                out.push_str(&fold(&l));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::core::customer::model::Contact;

    #[test]
    fn each_contact_is_a_card_with_its_company_escaped_and_folded() {
        let mut c = Customer {
            archive_no: "R07-2026-00001".into(),
            ..Default::default()
        };
        c.basic.name = "江门安信电器有限公司".into();
        c.address.province = "广东".into();
        c.address.city = "江门".into();
        c.address.detail = "蓬江区建设路 1 号".into();
        c.contacts = vec![
            Contact {
                name: "陈立, 经理".into(),
                title: "采购部经理".into(),
                phones: vec!["13800001111".into(), " ".into()],
                email: "chen@example.cn".into(),
                birthday: NaiveDate::from_ymd_opt(1980, 5, 6),
                anniversary: None,
                notes: "喜欢普洱；不喝咖啡。".repeat(4),
                primary: true,
            },
            Contact::default(),
        ];
        let v = contacts(&[c]);
        assert_eq!(
            v.matches("BEGIN:VCARD").count(),
            1,
            "a contact without a name is skipped"
        );
        assert!(v.contains("FN:陈立\\, 经理\r\n"));
        assert!(v.contains("ORG:江门安信电器有限公司\r\n"));
        assert!(v.contains("TEL;TYPE=WORK,VOICE:13800001111\r\n"));
        assert_eq!(v.matches("TEL").count(), 1, "blank phones are left out");
        assert!(v.contains("BDAY:1980-05-06\r\n"));
        assert!(v.contains("ADR;TYPE=WORK:;;蓬江区建设路 1 号;江门;广东;;\r\n"));
        for line in v.split("\r\n") {
            assert!(line.len() <= 75, "folded: {line}");
        }
        // Unfolded, the note is whole, with the archive number first.
        let unfolded = v.replace("\r\n ", "");
        assert!(unfolded.contains(&format!(
            "NOTE:R07-2026-00001\\n{}",
            "喜欢普洱；不喝咖啡。".repeat(4)
        )));
    }
}
