//! 大客户意见调查表 (seed 001, 大客户管理执行工具与模板): the customer rates six items,
//! each on the seed's five levels (非常满意, 满意, 一般, 不满意, 非常不满意, kept as 5 to
//! 1), taken on a visit or a call; the reports average each item. The tables below are
//! the form as the seed lays it out, checked against it by a native test.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::core::i18n::Msg;

/// An item of the survey.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum SurveyItem {
    ServiceQuality,
    Attitude,
    Efficiency,
    Expertise,
    ProductQuality,
    Packaging,
}

/// The survey's groups, each with its items, in the seed's order.
pub const GROUPS: [(Msg, &[(SurveyItem, Msg)]); 2] = [
    (
        Msg::SurveyService,
        &[
            (SurveyItem::ServiceQuality, Msg::SurveyServiceQuality),
            (SurveyItem::Attitude, Msg::SurveyAttitude),
            (SurveyItem::Efficiency, Msg::SurveyEfficiency),
            (SurveyItem::Expertise, Msg::SurveyExpertise),
        ],
    ),
    (
        Msg::SurveyProducts,
        &[
            (SurveyItem::ProductQuality, Msg::SurveyProductQuality),
            (SurveyItem::Packaging, Msg::SurveyPackaging),
        ],
    ),
];

/// The five levels as the form's columns, best first: (level kept, words).
pub const LEVELS: [(u8, Msg); 5] = [
    (5, Msg::SurveyLevel5),
    (4, Msg::SurveyLevel4),
    (3, Msg::SurveyLevel3),
    (2, Msg::SurveyLevel2),
    (1, Msg::SurveyLevel1),
];

/// Every item, in order.
pub fn items() -> impl Iterator<Item = (SurveyItem, Msg)> {
    GROUPS
        .into_iter()
        .flat_map(|(_, items)| items.iter().copied())
}

/// The answers of one survey: a level (1 to 5) for each item rated.
pub type Survey = BTreeMap<SurveyItem, u8>;

/// One item's average over the surveys that rated it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ItemAverage {
    pub item: SurveyItem,
    pub average: Option<f64>,
    pub ratings: usize,
}

/// Each item's average over `surveys`; a level outside 1 to 5 is not counted.
pub fn averages<'a>(surveys: impl IntoIterator<Item = &'a Survey>) -> Vec<ItemAverage> {
    let mut sums: BTreeMap<SurveyItem, (u32, usize)> = BTreeMap::new();
    for survey in surveys {
        for (item, level) in survey.iter().filter(|(_, l)| (1..=5).contains(*l)) {
            let (sum, n) = sums.entry(*item).or_default();
            *sum += u32::from(*level);
            *n += 1;
        }
    }
    items()
        .map(|(item, _)| {
            let (sum, ratings) = sums.get(&item).copied().unwrap_or_default();
            ItemAverage {
                item,
                average: (ratings > 0).then(|| f64::from(sum) / ratings as f64),
                ratings,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::i18n::Lang;

    #[test]
    fn the_form_reads_as_the_seed_lays_it_out() {
        // 调查内容 | 非常满意 满意 一般 不满意 非常不满意; 服务质量 服务态度 办事效率
        // 服务人员的专业水平; 公司产品: 产品质量 包装设计.
        let zh = |m: Msg| m.text(Lang::ZhCn);
        assert_eq!(
            LEVELS.map(|(_, m)| zh(m)),
            ["非常满意", "满意", "一般", "不满意", "非常不满意"]
        );
        assert_eq!(LEVELS.map(|(l, _)| l), [5, 4, 3, 2, 1]);
        let items: Vec<&str> = items().map(|(_, m)| zh(m)).collect();
        assert_eq!(
            items,
            [
                "服务质量",
                "服务态度",
                "办事效率",
                "服务人员的专业水平",
                "产品质量",
                "包装设计"
            ]
        );
        assert_eq!(GROUPS.map(|(m, _)| zh(m)), ["服务", "公司产品"]);
    }

    #[test]
    fn each_item_is_averaged_over_the_surveys_that_rated_it() {
        use SurveyItem::*;
        let a: Survey = [(ServiceQuality, 5), (Attitude, 4), (Packaging, 2)].into();
        let b: Survey = [(ServiceQuality, 4), (Attitude, 2)].into();
        let c: Survey = [(ServiceQuality, 3), (Efficiency, 9)].into();
        let got = averages([&a, &b, &c]);
        let of = |item| got.iter().find(|x| x.item == item).copied().unwrap();
        // Service quality: (5 + 4 + 3) / 3 = 4.0 over 3.
        assert_eq!(
            (of(ServiceQuality).average, of(ServiceQuality).ratings),
            (Some(4.0), 3)
        );
        // Attitude: (4 + 2) / 2 = 3.0 over 2.
        assert_eq!((of(Attitude).average, of(Attitude).ratings), (Some(3.0), 2));
        // Packaging: 2 over 1. Efficiency's 9 is no level: not rated. Expertise: none.
        assert_eq!(
            (of(Packaging).average, of(Packaging).ratings),
            (Some(2.0), 1)
        );
        assert_eq!((of(Efficiency).average, of(Efficiency).ratings), (None, 0));
        assert_eq!(of(Expertise).ratings, 0);
        assert_eq!(
            got.len(),
            6,
            "every item, rated or not, in the form's order"
        );
    }
}
