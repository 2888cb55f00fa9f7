// Compiled by CI (tsc --noEmit) against the client generated from kasane's
// OpenAPI document: typed filters, named operations, problem+json errors.
import createClient from "openapi-fetch";
import type { components, operations, paths } from "./kasane-api";

const api = createClient<paths>({ baseUrl: "http://127.0.0.1:8080/api/v1", headers: { Authorization: "Bearer ksn_x" } });

type Problem = components["schemas"]["Problem"];
type CaseStatus = NonNullable<operations["getCases"]["parameters"]["query"]>["status"];

export async function openCasesOfPerson(personId: string, status: CaseStatus): Promise<string[]> {
  const { data, error } = await api.GET("/cases", { params: { query: { person_id: personId, status } } });
  if (error) {
    const p: Problem = error;
    throw new Error(`${p.status} ${p.code}: ${p.title}`);
  }
  return data.items.map((c) => c.id ?? "");
}

export async function codeLists(): Promise<Record<string, string[]>> {
  const { data } = await api.GET("/code-lists");
  const out: Record<string, string[]> = {};
  for (const l of data?.items ?? []) {
    const free: boolean = l.free_text;
    out[l.name] = free ? [] : l.values.map((v) => `${v.value}:${v.label}`);
  }
  return out;
}

export async function contactsOf(caseId: string) {
  return api.GET("/cases/{id}/contacts", { params: { path: { id: caseId } } });
}

export async function csvExport() {
  return api.GET("/exports/{kind}", { params: { path: { kind: "cases" }, query: { format: "csv", encoding: "cp932" } } });
}

export async function wrongFilter() {
  // @ts-expect-error "open" is not a case status
  return api.GET("/cases", { params: { query: { status: "open" } } });
}

export async function wrongExportKind() {
  // @ts-expect-error "secrets" is not an export kind
  return api.GET("/exports/{kind}", { params: { path: { kind: "secrets" } } });
}
