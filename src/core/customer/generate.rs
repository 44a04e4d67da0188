//! Deterministic, realistic test data: the same seed gives the same customers on every
//! machine and every version, for tests and benchmarks (10,000 and 100,000 files).
//! Chinese and Latin company names, people, mainland addresses and phones, contacts,
//! preferences; about one file in ten confidential.

use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::archive_no;
use super::model::*;
use super::money::Money;

/// SplitMix64: tiny, fast, and its output is fixed by its definition, unlike a library
/// RNG whose stream may change between versions.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "曾", "单",
    "欧阳", "司马",
];
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
    "超", "秀英", "华", "建国", "志强", "晓东", "海燕", "文", "斌", "鹏", "婷", "雪", "梅", "浩然",
];
const LATIN_PEOPLE: &[&str] = &[
    "Wei Li",
    "Anna Müller",
    "John Smith",
    "Maria Garcia",
    "Chen Jie",
    "David Wong",
    "Sarah Lee",
    "Kenji Sato",
];
const BRAND: &[&str] = &[
    "鸿达",
    "华润",
    "恒通",
    "金利",
    "永盛",
    "新世纪",
    "东方",
    "瑞丰",
    "宏远",
    "天成",
    "佳美",
    "利民",
    "中联",
    "正泰",
    "百佳",
    "安信",
    "福源",
    "长城",
    "鼎盛",
    "海纳",
];
const TRADE: &[&str] = &[
    "贸易", "商贸", "百货", "电器", "食品", "医药", "建材", "科技", "超市", "五金", "酒业", "茶业",
];
const FORM: &[&str] = &["有限公司", "股份有限公司", "商行", "经营部", "连锁超市"];
const LATIN_COMPANIES: &[&str] = &[
    "Acme Trading Ltd",
    "Pacific Foods Co",
    "Golden Bridge Import",
    "Northstar Retail",
    "Lotus Pharma HK",
];
/// (province, city, districts)
const REGIONS: &[(&str, &str, &[&str])] = &[
    ("广东", "广州", &["天河区", "越秀区", "海珠区", "白云区"]),
    ("广东", "深圳", &["南山区", "福田区", "宝安区", "龙岗区"]),
    ("北京", "北京", &["朝阳区", "海淀区", "东城区", "丰台区"]),
    ("上海", "上海", &["浦东新区", "徐汇区", "静安区", "闵行区"]),
    ("浙江", "杭州", &["西湖区", "上城区", "滨江区"]),
    ("江苏", "南京", &["鼓楼区", "玄武区", "建邺区"]),
    ("四川", "成都", &["锦江区", "武侯区", "高新区"]),
    ("湖北", "武汉", &["江汉区", "武昌区", "洪山区"]),
    ("山东", "济南", &["历下区", "市中区"]),
    ("福建", "厦门", &["思明区", "湖里区"]),
];
const STREETS: &[&str] = &[
    "人民路",
    "解放路",
    "中山路",
    "建设路",
    "和平路",
    "新华路",
    "长江路",
    "科技园路",
];
const INDUSTRIES: &[&str] = &[
    "零售",
    "批发",
    "餐饮",
    "医药",
    "建材",
    "电子",
    "食品加工",
    "酒店",
];
const TITLES: &[&str] = &[
    "总经理",
    "采购经理",
    "财务主管",
    "店长",
    "老板",
    "采购员",
    "Purchasing Manager",
];
const VISIT_TIMES: &[&str] = &[
    "周二上午",
    "工作日下午 2-4 点",
    "周五上午",
    "月初",
    "午饭后",
];
const PREFERENCES: &[(PreferenceKind, &[&str])] = &[
    (
        PreferenceKind::TeaOrCoffee,
        &["龙井茶", "普洱", "美式咖啡", "不喝咖啡"],
    ),
    (PreferenceKind::Allergy, &["花生过敏", "海鲜过敏"]),
    (PreferenceKind::Drink, &["不喝酒", "喜欢红酒", "茅台"]),
    (PreferenceKind::Food, &["粤菜", "素食", "川菜不要太辣"]),
    (PreferenceKind::Likes, &["高尔夫", "书法", "钓鱼", "足球"]),
    (PreferenceKind::Dislikes, &["电话推销", "迟到"]),
    (
        PreferenceKind::SpecialRequest,
        &["发票抬头用分公司", "送货前一天电话确认"],
    ),
    (PreferenceKind::Smoking, &["不吸烟", "吸烟"]),
];

fn person(rng: &mut Rng) -> String {
    if rng.chance(10) {
        return rng.pick(LATIN_PEOPLE).to_string();
    }
    format!("{}{}", rng.pick(SURNAMES), rng.pick(GIVEN))
}

fn mobile(rng: &mut Rng) -> String {
    let prefix = ["138", "139", "150", "186", "135", "177", "199"][rng.below(7)];
    format!("{prefix}{:08}", rng.next() % 100_000_000)
}

/// `count` customers of rep `rep_code`, numbered from 1, created before `now`.
pub fn customers(count: usize, seed: u64, rep_code: &str, now: DateTime<Utc>) -> Vec<Customer> {
    let mut rng = Rng(seed);
    (1..=count)
        .map(|n| {
            let created = now - Duration::days(rng.below(6 * 365) as i64);
            let name = if rng.chance(8) {
                format!("{} {}", rng.pick(LATIN_COMPANIES), n)
            } else {
                let (_, city, _) = rng.pick(REGIONS);
                format!(
                    "{city}{}{}{}",
                    rng.pick(BRAND),
                    rng.pick(TRADE),
                    rng.pick(FORM)
                )
            };
            let (province, city, districts) = rng.pick(REGIONS);
            let mut c = Customer {
                id: format!("gen-{seed:x}-{n:07}"),
                archive_no: archive_no::format(rep_code, 2020 + (n % 7) as i32, n as u32),
                revision: 1,
                created_at: created,
                // Changed some time after it was made, never after `now`.
                updated_at: (created + Duration::days(rng.below(200) as i64)).min(now),
                status: match rng.below(20) {
                    0 => Status::Closed,
                    1 | 2 => Status::Dormant,
                    _ => Status::Active,
                },
                secret: match rng.below(30) {
                    0 => SecretLevel::TopSecret,
                    1 => SecretLevel::Confidential,
                    2 => SecretLevel::Secret,
                    _ => SecretLevel::None,
                },
                importance: [
                    Importance::Important,
                    Importance::Ordinary,
                    Importance::Ordinary,
                    Importance::Unimportant,
                ][rng.below(4)],
                ..Default::default()
            };
            c.credit = match rng.below(3) {
                0 => Some(CreditGrade::A),
                1 => Some(CreditGrade::B),
                _ => None,
            }
            .map(|grade| CreditAssignment {
                grade,
                by: "王经理".into(),
                at: created,
                reason: String::new(),
            });
            c.basic.name = name;
            c.basic.phone = format!("0{}-{:08}", 10 + rng.below(890), rng.next() % 100_000_000);
            c.basic.legal_rep = person(&mut rng);
            c.basic.industry = rng.pick(INDUSTRIES).to_string();
            c.basic.employees = Some(5 + rng.below(2000) as u32);
            c.basic.registered_capital =
                Some(Money::from_yuan(10_000 * (1 + rng.below(5000) as i64)));
            c.basic.founded =
                NaiveDate::from_ymd_opt(1990 + rng.below(34) as i32, 1 + rng.below(12) as u32, 1);
            c.business.trading_since = Some(created.date_naive());
            c.business.wholesaler = rng.chance(10);
            c.trading.outstanding_balance = Some(Money::from_yuan(rng.below(800_000) as i64));
            c.trading.bad_record = rng.chance(5);
            // Derived, not drawn: the sequence other fields are drawn from stays as it was.
            c.dealings.relation = if c.business.wholesaler {
                Relation::Indirect
            } else {
                Relation::Direct
            };
            c.address = AddressCard {
                province: province.to_string(),
                city: city.to_string(),
                district: rng.pick(districts).to_string(),
                detail: format!("{}{}号", rng.pick(STREETS), 1 + rng.below(300)),
                business_type: c.basic.industry.clone(),
                owner_address: String::new(),
                best_visit_time: rng.pick(VISIT_TIMES).to_string(),
            };
            let contacts = 1 + rng.below(3);
            c.contacts = (0..contacts)
                .map(|i| Contact {
                    name: person(&mut rng),
                    title: rng.pick(TITLES).to_string(),
                    phones: vec![mobile(&mut rng)],
                    primary: i == 0,
                    ..Default::default()
                })
                .collect();
            let prefs = rng.below(4);
            c.preferences = (0..prefs)
                .map(|_| {
                    let (kind, values) = rng.pick(PREFERENCES);
                    Preference {
                        kind: *kind,
                        label: String::new(),
                        value: rng.pick(values).to_string(),
                    }
                })
                .collect();
            c
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_customers() {
        let now = Utc.with_ymd_and_hms(2026, 11, 22, 0, 0, 0).unwrap();
        let a = customers(50, 7, "R07", now);
        assert_eq!(a, customers(50, 7, "R07", now));
        assert_ne!(a, customers(50, 8, "R07", now));
        let numbers: std::collections::HashSet<_> =
            a.iter().map(|c| c.archive_no.clone()).collect();
        assert_eq!(numbers.len(), 50, "archive numbers are unique");
        assert!(
            a.iter()
                .all(|c| !c.basic.name.is_empty() && !c.contacts.is_empty())
        );
        assert!(
            a.iter()
                .any(|c| c.basic.name.chars().any(|ch| ch.is_ascii_alphabetic()))
        );
        assert!(a.iter().any(|c| c.secret != SecretLevel::None));
        assert!(
            a.iter()
                .all(|c| c.created_at <= c.updated_at && c.updated_at <= now),
            "no file was changed after now (a bundle since then would carry it)"
        );
    }
}
