//! 大客户意见调查表 printed (`/survey/print`): blank, to be filled by hand, or, with
//! `?visit=ID`, as the customer answered on that visit (■ the level chosen). Laid out
//! as seed 001 has it: the customer's boxes, then 调查内容 against the five levels.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::core::customer::model::Customer;
use crate::core::i18n::Msg;
use crate::core::interchange::xlsx::SheetOut;
use crate::core::store::{CustomerStore, VisitStore};
use crate::core::visit::model::Visit;
use crate::core::visit::survey::{GROUPS, LEVELS};
use crate::ui::app::use_db;
use crate::ui::data::use_files;
use crate::ui::i18n::use_i18n;
use crate::ui::pages::exports::{FormActions, boxes_sheet, sealed_refusal};
use crate::ui::vault::use_vault;

#[component]
pub fn SurveyPrintPage() -> impl IntoView {
    let i18n = use_i18n();
    let db = use_db();
    let query = use_query_map();
    let vault = use_vault();
    // None: not read yet; Ok(None): blank; Ok(Some(..)): the visit's; Err: no such visit.
    let loaded = LocalResource::new(move || {
        let id = query.read().get("visit");
        vault.unlocked();
        async move {
            let Some(id) = id else {
                return Some(Ok(None));
            };
            let db = db.ready()?;
            let Some(visit) = db.visit(&id).await.ok().flatten() else {
                return Some(Err(()));
            };
            let customer = db.customer(&visit.customer_id).await.ok().flatten();
            Some(Ok(Some((visit, customer))))
        }
    });
    move || {
        loaded.get().flatten().map(|found| match found {
            Ok(Some(filled)) => view! { <SurveyForm filled /> }.into_any(),
            Ok(None) => view! { <SurveyForm /> }.into_any(),
            Err(()) => {
                view! { <p data-testid="page-title">{i18n.t(Msg::VisitNotFound)}</p> }.into_any()
            }
        })
    }
}

#[component]
fn SurveyForm(#[prop(optional)] filled: Option<(Visit, Option<Customer>)>) -> impl IntoView {
    let i18n = use_i18n();
    let (visit, customer) = match filled {
        Some((v, c)) => (Some(v), c),
        None => (None, None),
    };
    let name = customer
        .as_ref()
        .map(|c| c.basic.name.clone())
        .unwrap_or_default();
    let address = customer
        .as_ref()
        .map(|c| c.address.full())
        .unwrap_or_default();
    let phone = customer
        .as_ref()
        .map(|c| c.basic.phone.clone())
        .unwrap_or_default();
    let by = visit.as_ref().map(|v| v.by.clone()).unwrap_or_default();
    // Confidential by the file, or by the catalogue when the file could not be read.
    let sealed = customer.as_ref().is_some_and(|c| c.secret.is_sealed())
        || visit.as_ref().is_some_and(|v| {
            use_files().catalogue.with_untracked(|all| {
                all.get(&v.customer_id)
                    .is_some_and(|e| e.secret.is_sealed())
            })
        });
    let file_no = customer.as_ref().map(|c| c.archive_no.clone());
    let survey = visit.map(|v| v.survey).unwrap_or_default();
    // The same form as a workbook, made when asked (in the language then chosen): the
    // grid (■ the level chosen), then the boxes above it.
    let filled = StoredValue::new((
        [name.clone(), address.clone(), by.clone(), phone.clone()],
        survey.clone(),
    ));
    let make = move |()| {
        if sealed {
            return Err(sealed_refusal(i18n));
        }
        let ([name, address, by, phone], survey) = filled.get_value();
        let boxes = [
            (Msg::SurveyCustomer, name),
            (Msg::SurveyAddress, address),
            (Msg::SurveyFilledBy, by),
            (Msg::SurveyContact, phone),
        ]
        .map(|(m, v)| (i18n.t(m)().to_owned(), v))
        .to_vec();
        let mut headers = vec![
            i18n.t(Msg::SurveyContent)().to_owned(),
            i18n.t(Msg::FormExportItem)().to_owned(),
        ];
        headers.extend(LEVELS.map(|(_, m)| i18n.t(m)().to_owned()));
        let rows = GROUPS
            .into_iter()
            .flat_map(|(group, items)| items.iter().map(move |item| (group, item)))
            .map(|(group, (item, msg))| {
                let chosen = survey.get(item).copied();
                let mut row = vec![i18n.t(group)().to_owned(), i18n.t(*msg)().to_owned()];
                row.extend(
                    LEVELS
                        .map(|(level, _)| if chosen == Some(level) { "■" } else { "□" }.to_owned()),
                );
                row
            })
            .collect();
        let grid = SheetOut {
            name: i18n.t(Msg::SurveyTitle)().to_owned(),
            headers,
            rows,
        };
        let file = match &file_no {
            Some(no) => format!("survey-{no}"),
            None => "survey".to_owned(),
        };
        Ok((
            file,
            vec![grid, boxes_sheet(i18n, Msg::SurveyCustomer, boxes)],
        ))
    };
    let rows = GROUPS
        .into_iter()
        .flat_map(|(group, items)| {
            items.iter().enumerate().map(move |(i, (item, msg))| (group, i, items.len(), *item, *msg))
        })
        .map(|(group, i, n, item, msg)| {
            let chosen = survey.get(&item).copied();
            view! {
                <tr>
                    {(i == 0).then(|| view! { <th scope="rowgroup" rowspan=n.to_string()>{i18n.t(group)}</th> })}
                    <th scope="row">{i18n.t(msg)}</th>
                    {LEVELS.map(|(level, _)| view! {
                        <td class="tick" data-item=format!("{item:?}") data-level=level.to_string()>
                            {if chosen == Some(level) { "■" } else { "□" }}
                        </td>
                    }).collect_view()}
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="page-head no-print">
            <h1>{i18n.t(Msg::SurveyTitle)}</h1>
            <FormActions make=make />
        </div>
        <article class="print-card print-form" data-testid="print-form" data-form="survey">
            <header class="print-card-head">
                <h1 data-testid="print-form-title">{i18n.t(Msg::SurveyTitle)}</h1>
            </header>
            <table class="print-boxes form-row"><tbody><tr>
                <th scope="row">{i18n.t(Msg::SurveyCustomer)}</th><td data-slot="Customer">{name}</td>
                <th scope="row">{i18n.t(Msg::SurveyAddress)}</th><td data-slot="Address">{address}</td>
            </tr></tbody></table>
            <table class="print-boxes form-row"><tbody><tr>
                <th scope="row">{i18n.t(Msg::SurveyFilledBy)}</th><td data-slot="FilledBy">{by}</td>
                <th scope="row">{i18n.t(Msg::SurveyContact)}</th><td data-slot="Contact">{phone}</td>
            </tr></tbody></table>
            <table class="print-boxes form-row survey-grid">
                <thead><tr>
                    <th scope="col" colspan="2">{i18n.t(Msg::SurveyContent)}</th>
                    {LEVELS.map(|(_, m)| view! { <th scope="col">{i18n.t(m)}</th> }).collect_view()}
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </article>
    }
}
