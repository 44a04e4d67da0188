//! Seed 001's complaint forms as they are printed (客户投诉管理执行工具与模板): each a
//! title, its rows of boxes in the seed's order, and its signature lines. A reader
//! checks each table against the seed's list of headings; a native test does too, in
//! Chinese. What each box shows of a complaint is `ui::pages::complaints::print`'s.

use crate::core::i18n::Msg;

/// What a box of a printed form shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Slot {
    AcceptanceNo,
    Received,
    Customer,
    Address,
    Contact,
    /// 投诉类型: every kind, the complaint's ticked.
    Kind,
    /// 投诉方式: every channel, the complaint's ticked.
    Channel,
    /// 处理紧急程度: every level, the complaint's ticked.
    Urgency,
    Description,
    Demand,
    /// 索赔事项: the handling asked (return, exchange, discount, repair) and the loss.
    Claim,
    /// 投诉受理: 受理 with its promised deadline, or 不予受理 with its reason.
    Decision,
    Deadline,
    HandledOn,
    OrderNo,
    OrderedOn,
    ProducedOn,
    Department,
    /// 发生原因 and 调查判定, together.
    CauseAndFinding,
    Cause,
    Measures,
    Handling,
    Handler,
    Result,
    Satisfaction,
    /// Who registered it, and when.
    ReportedBy,
    ReportedOn,
    /// Left blank to be written on paper.
    Blank,
}

/// One box: its heading, what it shows, and whether it is a tall box to write in (a
/// box alone on its row takes the whole row; at most two share one, so that neither
/// heading nor value has to wrap on A4).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Field {
    pub label: Msg,
    pub slot: Slot,
    pub wide: bool,
}

const fn f(label: Msg, slot: Slot) -> Field {
    Field {
        label,
        slot,
        wide: false,
    }
}

const fn wide(label: Msg, slot: Slot) -> Field {
    Field {
        label,
        slot,
        wide: true,
    }
}

/// A printed form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Form {
    /// Its address on the complaint's page (`/complaints/:id/print/:slug`).
    pub slug: &'static str,
    pub title: Msg,
    pub rows: &'static [&'static [Field]],
    /// The signature lines at its foot.
    pub signatures: &'static [Msg],
}

/// (一) 客户投诉登记表.
pub const REGISTER: Form = Form {
    slug: "register",
    title: Msg::FormRegisterTitle,
    rows: &[
        &[
            f(Msg::FormAcceptanceNo, Slot::AcceptanceNo),
            f(Msg::FormReceivedOn, Slot::Received),
        ],
        &[
            f(Msg::FormCustomerName, Slot::Customer),
            f(Msg::FormKind, Slot::Kind),
        ],
        &[
            f(Msg::FormCustomerAddress, Slot::Address),
            f(Msg::FormContact, Slot::Contact),
        ],
        &[wide(Msg::FormCause, Slot::Description)],
        &[wide(Msg::FormDemand, Slot::Demand)],
        &[wide(Msg::FormAcceptance, Slot::Decision)],
        &[wide(Msg::FormNote, Slot::Blank)],
    ],
    signatures: &[Msg::FormSignReceiver, Msg::FormSignDate],
};

/// (四) 投诉处理通知单.
pub const NOTICE: Form = Form {
    slug: "notice",
    title: Msg::FormNoticeTitle,
    rows: &[
        &[
            f(Msg::FormCustomerName, Slot::Customer),
            f(Msg::FormContact, Slot::Contact),
        ],
        &[
            f(Msg::FormAddress, Slot::Address),
            f(Msg::FormReceivedOn, Slot::Received),
        ],
        &[wide(Msg::FormContent, Slot::Description)],
        &[
            f(Msg::FormOrderNo, Slot::OrderNo),
            f(Msg::FormOrderedOn, Slot::OrderedOn),
        ],
        &[
            f(Msg::FormProducedOn, Slot::ProducedOn),
            f(Msg::FormDepartment, Slot::Department),
        ],
        &[wide(Msg::FormClaim, Slot::Claim)],
        &[
            f(Msg::FormPromised, Slot::Deadline),
            f(Msg::FormActual, Slot::HandledOn),
        ],
        &[wide(Msg::FormCauseAndFinding, Slot::CauseAndFinding)],
        &[wide(Msg::FormDemandOrWish, Slot::Demand)],
        &[wide(Msg::FormCompanyMeasures, Slot::Measures)],
        &[wide(Msg::FormMeasuresDone, Slot::Handling)],
        &[wide(Msg::FormConfirmed, Slot::Result)],
    ],
    signatures: &[
        Msg::FormSignDepartment,
        Msg::FormSignManager,
        Msg::FormSignDate,
    ],
};

/// (五) 投诉处理报告表.
pub const REPORT: Form = Form {
    slug: "report",
    title: Msg::FormReportTitle,
    rows: &[
        &[
            f(Msg::FormReporter, Slot::ReportedBy),
            f(Msg::FormDate, Slot::ReportedOn),
        ],
        &[f(Msg::FormComplainant, Slot::Customer)],
        &[
            f(Msg::FormAddress, Slot::Address),
            f(Msg::FormContact, Slot::Contact),
        ],
        &[f(Msg::FormChannel, Slot::Channel)],
        &[f(Msg::FormComplainedOn, Slot::Received)],
        &[wide(Msg::FormProblem, Slot::Description)],
        &[
            f(Msg::FormUrgency, Slot::Urgency),
            f(Msg::FormHandler, Slot::Handler),
        ],
        &[wide(Msg::FormMeasuresOrHandling, Slot::Measures)],
        &[f(Msg::FormHandledOn, Slot::HandledOn)],
        &[wide(Msg::FormInvestigation, Slot::Cause)],
    ],
    signatures: &[
        Msg::FormSignHandler,
        Msg::FormSignManager,
        Msg::FormSignDate,
    ],
};

/// Every printed form, by its address.
pub const FORMS: [Form; 3] = [REGISTER, NOTICE, REPORT];

pub fn by_slug(slug: &str) -> Option<Form> {
    FORMS.into_iter().find(|f| f.slug == slug)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::i18n::Lang;

    /// The headings of a form in Chinese, in order, row by row.
    fn headings(form: &Form) -> Vec<&'static str> {
        let mut all = vec![form.title.text(Lang::ZhCn)];
        for row in form.rows {
            all.extend(row.iter().map(|f| f.label.text(Lang::ZhCn)));
        }
        all
    }

    // Each form's headings as seed 001 lists them (客户服务管理细化执行与模板, 四), in
    // its order; where the seed runs two headings into one (发生原因及调查结果), so does
    // the form.
    #[test]
    fn the_register_reads_as_the_seed_lists_it() {
        assert_eq!(
            headings(&REGISTER),
            [
                "客户投诉登记表",
                "受理编号",
                "受理日期",
                "客户姓名",
                "投诉类型",
                "客户地址",
                "联系方式",
                "投诉事由",
                "客户要求",
                "投诉受理",
                "备注"
            ]
        );
    }

    #[test]
    fn the_handling_notice_reads_as_the_seed_lists_it() {
        assert_eq!(
            headings(&NOTICE),
            [
                "投诉处理通知单",
                "客户姓名",
                "联系方式",
                "地址",
                "受理日期",
                "投诉内容",
                "订单编号",
                "订购日期",
                "生产日期",
                "问题发生部门",
                "索赔事项",
                "承诺处理期限",
                "实际处理期限",
                "发生原因及调查结果",
                "客户要求或希望",
                "公司对策",
                "公司对策实施要点",
                "对策实施确认"
            ]
        );
    }

    #[test]
    fn the_handling_report_reads_as_the_seed_lists_it() {
        assert_eq!(
            headings(&REPORT),
            [
                "投诉处理报告表",
                "报告人",
                "日期",
                "投诉客户姓名",
                "地址",
                "联系方式",
                "投诉方式",
                "投诉日期",
                "投诉问题描述",
                "处理紧急程度",
                "承办人",
                "改进对策或处理方式",
                "处理时间",
                "原因调查"
            ]
        );
    }

    #[test]
    fn every_form_has_its_own_address_and_english_headings() {
        for form in FORMS {
            assert_eq!(by_slug(form.slug), Some(form));
            for row in form.rows {
                assert!(!row.is_empty() && row.len() <= 2);
                assert!(
                    row.len() == 1 || row.iter().all(|f| !f.wide),
                    "a tall box has its row"
                );
                for f in *row {
                    assert!(!f.label.text(Lang::En).is_empty());
                }
            }
        }
        assert_eq!(by_slug("nothing"), None);
    }
}
