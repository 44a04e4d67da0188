//! Reports (报表): each a table, a chart and a CSV export, for a period and a region
//! (`core::report`).

use chrono::{Datelike, Local, Utc};
use leptos::prelude::*;

use leptos::task::spawn_local;

use super::PageTitle;
use super::complaints::kind_msg;
use super::exports::{Format, save_table};
use super::visits::LockedItemsHint;
use crate::core::customer::catalogue::CatalogueEntry;
use crate::core::customer::money::Money;
use crate::core::i18n::Msg;
use crate::core::report::{Month, Movement, Reports, Scope, build};
use crate::core::store::{ComplaintStore, VisitStore};
use crate::core::table::Table;
use crate::core::visit::model::VisitStatus;
use crate::ui::app::use_db;
use crate::ui::charts::{BarChart, LineChart};
use crate::ui::data::use_files;
use crate::ui::i18n::{I18n, use_i18n};
use crate::ui::vault::use_vault;

fn percent(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

#[component]
pub fn ReportsPage() -> impl IntoView {
    let db = use_db();
    let vault = use_vault();
    let files = use_files();
    let i18n = use_i18n();
    let today = Local::now().date_naive();
    let from = RwSignal::new(format!("{}-01", today.year()));
    let to = RwSignal::new(Month::of(today).label());
    let region = RwSignal::new(String::new());
    let records = LocalResource::new(move || {
        vault.unlocked();
        async move {
            let db = db.ready()?;
            let visits = db
                .visits_with(VisitStatus::Submitted)
                .await
                .unwrap_or_default();
            let complaints = db.complaints().await.unwrap_or_default();
            Some((visits, complaints))
        }
    });
    // Redacted entries of sealed files have no region, so they add none.
    let regions = files.regions;
    let reports = Memo::new(move |_| {
        let (visits, complaints) = records.get().flatten()?;
        let scope = Scope {
            from: Month::parse(&from.get())?,
            to: Month::parse(&to.get())?,
            region: Some(region.get()).filter(|r| !r.is_empty()),
        };
        let entries: Vec<CatalogueEntry> = files
            .catalogue
            .with(|all| all.iter().filter(|e| !e.sealed).cloned().collect());
        Some(build(&entries, &visits, &complaints, &scope, Utc::now()))
    });
    view! {
        <PageTitle msg=Msg::ReportsTitle />
        <p class="muted">{i18n.t(Msg::ReportsHint)}</p>
        <p class="no-print"><leptos_router::components::A href="/reports/monthly" attr:data-testid="monthly-link">{i18n.t(Msg::ReportsMonthlyLink)}</leptos_router::components::A></p>
        <LockedItemsHint />
        <div class="toolbar report-filters no-print">
            <label>{i18n.t(Msg::ReportFrom)}
                <input type="month" data-testid="report-from" prop:value=move || from.get()
                    on:change=move |ev| from.set(event_target_value(&ev)) />
            </label>
            <label>{i18n.t(Msg::ReportTo)}
                <input type="month" data-testid="report-to" prop:value=move || to.get()
                    on:change=move |ev| to.set(event_target_value(&ev)) />
            </label>
            <label>{i18n.t(Msg::FilterRegion)}
                <select data-testid="report-region" on:change=move |ev| region.set(event_target_value(&ev))>
                    <option value="">{i18n.t(Msg::FilterAll)}</option>
                    {move || regions.get().into_iter().map(|r| view! { <option value=r.clone()>{r.clone()}</option> }).collect_view()}
                </select>
            </label>
        </div>
        // The tables' texts are made in the reader's language: made again when it changes.
        {move || {
            i18n.lang();
            reports.get().map(|r| view! { <ReportSections reports=r /> })
        }}
    }
}

/// Every report of `reports`, each a table, a chart and an export.
#[component]
fn ReportSections(reports: Reports) -> impl IntoView {
    let i18n = use_i18n();
    let t = |m: Msg| i18n.t(m)().to_owned();
    let months = |ms: Vec<Month>| ms.into_iter().map(Month::label).collect::<Vec<_>>();
    let r = reports;

    let movement = Table {
        headers: [
            Msg::ReportMonth,
            Msg::ReportOriginal,
            Msg::ReportNew,
            Msg::ReportClosed,
            Msg::ReportCurrent,
        ]
        .map(t)
        .to_vec(),
        rows: r
            .movement
            .iter()
            .map(|m| {
                vec![
                    m.month.label(),
                    m.original.to_string(),
                    m.new.to_string(),
                    m.closed.to_string(),
                    m.current.to_string(),
                ]
            })
            .collect(),
    };
    let movement_chart = view! {
        <BarChart
            title=t(Msg::ReportMovement)
            labels=months(r.movement.iter().map(|m| m.month).collect())
            series=vec![
                (t(Msg::ReportNew), r.movement.iter().map(|m| m.new as f64).collect()),
                (t(Msg::ReportClosed), r.movement.iter().map(|m| m.closed as f64).collect()),
                (t(Msg::ReportCurrent), r.movement.iter().map(|m| m.current as f64).collect()),
            ]
        />
    };

    // 客户增减分析表 as seed 001 has it: direct and indirect customers apart, with sales.
    let of = |m: &Movement, direct: bool| {
        if direct {
            m.direct.clone()
        } else {
            m.indirect.clone()
        }
    };
    let signed = |n: i64| {
        if n > 0 {
            format!("+{n}")
        } else {
            n.to_string()
        }
    };
    // As seed 001's 客户增减分析表 lays it out: a row a month, direct and indirect customers
    // side by side (原有, 新增, 删除, 现有, 增加), then their sales (原客户, 新客户, 本期, 上期).
    let split_row = |label: String, m: &Movement| {
        let mut row = vec![label];
        for direct in [true, false] {
            let g = of(m, direct);
            row.extend([
                g.original.to_string(),
                g.new.to_string(),
                g.closed.to_string(),
                g.current.to_string(),
                signed(g.increase()),
            ]);
        }
        for direct in [true, false] {
            let g = of(m, direct);
            row.extend([
                g.sales_old.to_string(),
                g.sales_new.to_string(),
                g.sales.to_string(),
                g.sales_before.to_string(),
            ]);
        }
        row
    };
    let period = format!(
        "{} {}–{}",
        t(Msg::ReportPeriodTotal),
        r.movement_total.month.label(),
        r.movement
            .last()
            .map(|m| m.month.label())
            .unwrap_or_default()
    );
    let mut split_rows: Vec<Vec<String>> = r
        .movement
        .iter()
        .map(|m| split_row(m.month.label(), m))
        .collect();
    split_rows.push(split_row(period, &r.movement_total));
    let counts = [
        Msg::ReportOriginal,
        Msg::ReportNew,
        Msg::ReportClosed,
        Msg::ReportCurrent,
        Msg::ReportIncrease,
    ];
    let sales = [
        Msg::ReportOldCustomers,
        Msg::ReportNewCustomers,
        Msg::ReportSalesThis,
        Msg::ReportSalesBefore,
    ];
    let split_groups = vec![
        (String::new(), 1),
        (t(Msg::ReportDirectCount), counts.len()),
        (t(Msg::ReportIndirectCount), counts.len()),
        (t(Msg::ReportDirectSales), sales.len()),
        (t(Msg::ReportIndirectSales), sales.len()),
    ];
    // A spreadsheet has one heading a column: the group's name with the column's.
    let mut split_headers = vec![t(Msg::ReportMonth)];
    for (group, columns) in [
        (Msg::ReportDirectCount, &counts[..]),
        (Msg::ReportIndirectCount, &counts[..]),
        (Msg::ReportDirectSales, &sales[..]),
        (Msg::ReportIndirectSales, &sales[..]),
    ] {
        split_headers.extend(columns.iter().map(|c| format!("{}: {}", t(group), t(*c))));
    }
    let split = Table {
        headers: split_headers,
        rows: split_rows,
    };
    let split_columns: Vec<String> = std::iter::once(t(Msg::ReportMonth))
        .chain(counts.iter().chain(&counts).map(|c| t(*c)))
        .chain(sales.iter().chain(&sales).map(|c| t(*c)))
        .collect();
    let yuan = |m: Money| m.0 as f64 / 100.0;
    let sales_chart = view! {
        <BarChart
            title=t(Msg::ReportSalesTrend)
            labels=months(r.movement.iter().map(|m| m.month).collect())
            series=vec![
                (t(Msg::RelationDirect), r.movement.iter().map(|m| yuan(m.direct.sales)).collect()),
                (t(Msg::RelationIndirect), r.movement.iter().map(|m| yuan(m.indirect.sales)).collect()),
            ]
        />
    };

    let region_name = |s: &str| {
        if s.is_empty() {
            t(Msg::ReportNoRegion)
        } else {
            s.to_owned()
        }
    };
    let regions = Table {
        headers: [
            Msg::FilterRegion,
            Msg::ReportCustomers,
            Msg::ReportShare,
            Msg::ReportSales,
            Msg::ReportSalesShare,
        ]
        .map(t)
        .to_vec(),
        rows: r
            .regions
            .iter()
            .map(|x| {
                vec![
                    region_name(&x.region),
                    x.customers.to_string(),
                    percent(x.share),
                    x.sales.to_string(),
                    percent(x.sales_share),
                ]
            })
            .collect(),
    };
    let regions_chart = view! {
        <BarChart
            title=t(Msg::ReportRegions)
            labels=r.regions.iter().map(|x| region_name(&x.region)).collect()
            series=vec![
                (t(Msg::ReportShare), r.regions.iter().map(|x| x.share).collect()),
                (t(Msg::ReportSalesShare), r.regions.iter().map(|x| x.sales_share).collect()),
            ]
            percent=true
        />
    };

    let grades = Table {
        headers: vec![t(Msg::GradeLabel), t(Msg::ReportCustomers)],
        rows: r
            .grades
            .iter()
            .map(|(g, n)| vec![format!("{g:?}"), n.to_string()])
            .collect(),
    };
    let grades_chart = view! {
        <BarChart
            title=t(Msg::ReportGrades)
            labels=r.grades.iter().map(|(g, _)| format!("{g:?}")).collect()
            series=vec![(t(Msg::ReportCustomers), r.grades.iter().map(|(_, n)| *n as f64).collect())]
        />
    };

    let visits = Table {
        headers: vec![t(Msg::ReportMonth), t(Msg::ReportVisitCount)],
        rows: r
            .visits
            .iter()
            .map(|(m, n)| vec![m.label(), n.to_string()])
            .collect(),
    };
    let visits_chart = view! {
        <BarChart
            title=t(Msg::ReportVisits)
            labels=months(r.visits.iter().map(|(m, _)| *m).collect())
            series=vec![(t(Msg::ReportVisitCount), r.visits.iter().map(|(_, n)| *n as f64).collect())]
        />
    };

    let complaints = Table {
        headers: [
            Msg::ReportComplaintKind,
            Msg::ReportOpen,
            Msg::ReportDone,
            Msg::ReportTotal,
        ]
        .map(t)
        .to_vec(),
        rows: r
            .complaints
            .iter()
            .map(|c| {
                vec![
                    t(kind_msg(c.kind)),
                    c.open.to_string(),
                    c.closed.to_string(),
                    (c.open + c.closed).to_string(),
                ]
            })
            .collect(),
    };
    let complaints_chart = view! {
        <BarChart
            title=t(Msg::ReportComplaints)
            labels=r.complaints.iter().map(|c| t(kind_msg(c.kind))).collect()
            series=vec![
                (t(Msg::ReportOpen), r.complaints.iter().map(|c| c.open as f64).collect()),
                (t(Msg::ReportDone), r.complaints.iter().map(|c| c.closed as f64).collect()),
            ]
        />
    };

    // The trend by month: complaints of each kind.
    let kinds = [
        crate::core::complaint::ComplaintKind::Product,
        crate::core::complaint::ComplaintKind::Service,
        crate::core::complaint::ComplaintKind::Other,
    ];
    let complaints_trend = view! {
        <BarChart
            title=t(Msg::ReportComplaintsByMonth)
            labels=months(r.complaints_by_month.iter().map(|(m, _)| *m).collect())
            series=kinds
                .iter()
                .enumerate()
                .map(|(i, k)| (t(kind_msg(*k)), r.complaints_by_month.iter().map(|(_, n)| n[i] as f64).collect()))
                .collect()
        />
    };
    let complaints_chart = view! { <div class="charts">{complaints_chart}{complaints_trend}</div> };

    // Each survey item's average by month: a table, and a chart (a month without
    // ratings of an item draws no bar).
    let items: Vec<_> = crate::core::visit::survey::items().collect();
    let survey_trend = Table {
        headers: std::iter::once(t(Msg::ReportMonth))
            .chain(items.iter().map(|(_, msg)| t(*msg)))
            .collect(),
        rows: r
            .survey_by_month
            .iter()
            .map(|(m, avgs)| {
                std::iter::once(m.label())
                    .chain(
                        avgs.iter()
                            .map(|a| a.average.map(|x| format!("{x:.1}")).unwrap_or_default()),
                    )
                    .collect()
            })
            .collect(),
    };
    let survey_trend_chart = view! {
        <BarChart
            title=t(Msg::ReportSurveyTrend)
            labels=months(r.survey_by_month.iter().map(|(m, _)| *m).collect())
            series=items
                .iter()
                .enumerate()
                .map(|(i, (_, msg))| {
                    (
                        t(*msg),
                        r.survey_by_month
                            .iter()
                            .map(|(_, avgs)| avgs.get(i).and_then(|a| a.average).unwrap_or(0.0))
                            .collect(),
                    )
                })
                .collect()
        />
    };

    let satisfaction = Table {
        headers: vec![
            t(Msg::ReportMonth),
            t(Msg::ReportAverage),
            t(Msg::ReportRatings),
        ],
        rows: r
            .satisfaction
            .iter()
            .map(|s| {
                vec![
                    s.month.label(),
                    s.average.map(|a| format!("{a:.2}")).unwrap_or_default(),
                    s.ratings.to_string(),
                ]
            })
            .collect(),
    };
    // 大客户意见调查表: each item's average, and how many rated it.
    let survey = Table {
        headers: [
            Msg::ReportSurveyItem,
            Msg::ReportAverage,
            Msg::ReportRatings,
        ]
        .map(t)
        .to_vec(),
        rows: r
            .survey
            .iter()
            .zip(crate::core::visit::survey::items())
            .map(|(a, (_, msg))| {
                vec![
                    t(msg),
                    a.average.map(|x| format!("{x:.2}")).unwrap_or_default(),
                    a.ratings.to_string(),
                ]
            })
            .collect(),
    };
    // 客户投诉统计表: a row per complaint, the handling ticked in its column, and the
    // totals row.
    let stats = &r.complaint_statistics;
    let files = crate::ui::data::use_files();
    let name_of = |id: &str| {
        files
            .catalogue
            .with_untracked(|all| all.get(id).map(|e| e.name.clone()).unwrap_or_default())
    };
    let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    let tick = |c: &crate::core::complaint::Complaint, k| {
        if c.handling_kind == Some(k) {
            "✓"
        } else {
            ""
        }
        .to_owned()
    };
    let mut statistics_rows: Vec<Vec<String>> = stats
        .rows
        .iter()
        .map(|c| {
            let mut row = vec![
                c.acceptance_no.clone(),
                date(c.received_on),
                name_of(&c.customer_id),
                c.product.clone(),
                c.quantity.clone(),
                c.spec.clone(),
                date(c.ordered_on),
                c.description.clone(),
                c.department.clone(),
            ];
            row.extend(crate::core::complaint::HANDLING_KINDS.map(|k| tick(c, k)));
            row.push(c.loss.trim().to_owned());
            row
        })
        .collect();
    if !stats.rows.is_empty() {
        let mut total = vec![i18n.format(Msg::StatsTotal, &[("n", &stats.rows.len().to_string())])];
        total.extend(std::iter::repeat_n(String::new(), 8));
        total.extend(stats.by_handling.map(|n| n.to_string()));
        total.push(stats.loss.to_string());
        statistics_rows.push(total);
    }
    let statistics = Table {
        headers: [
            Msg::StatsNo,
            Msg::StatsDate,
            Msg::StatsCustomer,
            Msg::StatsProduct,
            Msg::StatsQuantity,
            Msg::StatsSpec,
            Msg::StatsBoughtOn,
            Msg::StatsContent,
            Msg::StatsDepartment,
            Msg::HandlingReturn,
            Msg::HandlingExchange,
            Msg::HandlingDiscount,
            Msg::HandlingRepair,
            Msg::StatsLoss,
        ]
        .map(t)
        .to_vec(),
        rows: statistics_rows,
    };
    let (empty, unreadable) = (stats.rows.is_empty(), stats.unreadable_losses);
    let statistics_foot = view! {
        <div data-testid="complaint-statistics-foot">
            {empty.then(|| view! { <p class="muted">{i18n.t(Msg::StatsEmpty)}</p> })}
            {(unreadable > 0).then(|| view! {
                <p class="notice">{i18n.format(Msg::StatsUnreadableLoss, &[("n", &unreadable.to_string())])}</p>
            })}
        </div>
    };
    let satisfaction_chart = view! {
        <LineChart
            title=t(Msg::ReportSatisfaction)
            labels=months(r.satisfaction.iter().map(|s| s.month).collect())
            values=r.satisfaction.iter().map(|s| s.average).collect()
            low=1.0
            high=5.0
        />
    };

    view! {
        {report(i18n, Msg::ReportMovement, "report-movement", "customers-increase-decrease", movement, movement_chart.into_any())}
        {report_grouped(i18n, Msg::ReportMovementSplit, "report-movement-split", "customers-direct-indirect", split, sales_chart.into_any(), (split_groups, split_columns))}
        {report(i18n, Msg::ReportRegions, "report-regions", "customers-by-region", regions, regions_chart.into_any())}
        {report(i18n, Msg::ReportGrades, "report-grades", "credit-grades", grades, grades_chart.into_any())}
        {report(i18n, Msg::ReportVisits, "report-visits", "visits-per-month", visits, visits_chart.into_any())}
        {report(i18n, Msg::ReportComplaints, "report-complaints", "complaints", complaints, complaints_chart.into_any())}
        {report(i18n, Msg::ReportSatisfaction, "report-satisfaction", "satisfaction", satisfaction, satisfaction_chart.into_any())}
        {report(i18n, Msg::ReportSurvey, "report-survey", "survey-by-item", survey, ().into_any())}
        {report(i18n, Msg::ReportSurveyTrend, "report-survey-trend", "survey-by-month", survey_trend, survey_trend_chart.into_any())}
        {report(i18n, Msg::StatsTitle, "report-complaint-statistics", "complaint-statistics", statistics, statistics_foot.into_any())}
    }
}

/// One report: heading, table, chart, and its CSV export.
fn report(
    i18n: I18n,
    title: Msg,
    testid: &'static str,
    file: &'static str,
    table: Table,
    chart: AnyView,
) -> impl IntoView {
    report_grouped(
        i18n,
        title,
        testid,
        file,
        table,
        chart,
        (Vec::new(), Vec::new()),
    )
}

/// Column groups over a table's headings, as a paper form has them: each group's name
/// and how many columns it spans (a nameless group of one: a heading over both rows),
/// and the headings under them.
type Groups = (Vec<(String, usize)>, Vec<String>);

/// [`report`], its table headed by column groups when `groups` has any.
fn report_grouped(
    i18n: I18n,
    title: Msg,
    testid: &'static str,
    file: &'static str,
    table: Table,
    chart: AnyView,
    groups: Groups,
) -> impl IntoView {
    // A table of many columns takes the width, its chart under it, so neither covers the other.
    let wide = table.headers.len() > 5;
    let stored = StoredValue::new(table.clone());
    let failed = RwSignal::new(None::<String>);
    let sheets = crate::ui::progress::use_sheet_work();
    // A workbook takes the spreadsheet worker a moment: say so, and no second click.
    let preparing = RwSignal::new(false);
    let export = move |format: Format| {
        if preparing.get_untracked() {
            return;
        }
        let table = stored.get_value();
        preparing.set(format != Format::Csv);
        failed.set(None);
        spawn_local(async move {
            failed.set(save_table(i18n, sheets, file, table, format).await.err());
            preparing.set(false);
        });
    };
    // Printed alone on A4: the page marks this report and hides the rest while printing.
    let section = NodeRef::<leptos::html::Section>::new();
    let print_alone = move |_| {
        let Some(this) = section.get_untracked() else {
            return;
        };
        let root = document().document_element();
        let _ = this.set_attribute("data-printing-this", "");
        if let Some(root) = &root {
            let _ = root.set_attribute("data-printing", testid);
        }
        let _ = window().print();
        let _ = this.remove_attribute("data-printing-this");
        if let Some(root) = &root {
            let _ = root.remove_attribute("data-printing");
        }
    };
    view! {
        <section class="card report" class:report-landscape=wide data-testid=testid node_ref=section>
            <div class="page-head">
                <h2>{i18n.t(title)}</h2>
                <span class="actions no-print">
                    <button type="button" data-testid="print-report" on:click=print_alone>{i18n.t(Msg::FormPrint)}</button>
                    <button type="button" data-testid="export-csv" on:click=move |_| export(Format::Csv)>{i18n.t(Msg::ExportCsv)}</button>
                    <button type="button" data-testid="export-xlsx" disabled=move || preparing.get() on:click=move |_| export(Format::Xlsx { sheet: title })>{i18n.t(Msg::ExportXlsx)}</button>
                </span>
            </div>
            {move || preparing.get().then(|| view! { <p class="notice" role="status" data-testid="export-preparing">{i18n.t(Msg::ExportPreparing)}</p> })}
            {move || failed.get().map(|m| view! { <p class="notice notice-error" role="status">{m}</p> })}
            <div class="report-body" class:report-wide=wide>
                <table class="table">
                    {grouped_head(&table.headers, groups)}
                    <tbody>
                        {table.rows.iter().map(|row| view! {
                            <tr>{row.iter().map(|c| view! { <td>{c.clone()}</td> }).collect_view()}</tr>
                        }).collect_view()}
                    </tbody>
                </table>
                {chart}
            </div>
        </section>
    }
}

/// A table's heading rows: one, or the groups over the columns' own headings.
fn grouped_head(headers: &[String], (groups, columns): Groups) -> AnyView {
    if groups.is_empty() {
        return view! {
            <thead><tr>{headers.iter().map(|h| view! { <th>{h.clone()}</th> }).collect_view()}</tr></thead>
        }
        .into_any();
    }
    let mut top = Vec::new();
    let mut under = Vec::new();
    let mut at = 0;
    for (name, span) in groups {
        let own = &columns[at.min(columns.len())..(at + span).min(columns.len())];
        if name.is_empty() {
            top.extend(
                own.iter()
                    .map(|h| view! { <th rowspan="2">{h.clone()}</th> }.into_any()),
            );
        } else {
            top.push(view! { <th colspan=span.to_string() class="group">{name}</th> }.into_any());
            under.extend(own.iter().map(|h| view! { <th>{h.clone()}</th> }));
        }
        at += span;
    }
    view! { <thead><tr>{top}</tr><tr>{under}</tr></thead> }.into_any()
}
