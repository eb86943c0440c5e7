import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { AssignmentChangePage } from "~/components/assignment-change-page";
import type { ChangeFeedback } from "~/components/assignment-change-forms";
import { getDb } from "~/db/client.server";
import { extendAssignment, exemptAssignment, reinstateAssignment } from "~/domain/assignments/changes.server";
import { requireRole } from "~/domain/auth/session.server";
import { now, today } from "~/domain/clock.server";
import { getAssignmentDetail } from "~/domain/team/member.server";
import { requireNotSelf, requireTeamAssignment } from "~/domain/team/scope.server";
import { addDays } from "~/domain/time";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `期限延長・免除：${data?.assignment.title ?? "研修"}｜まもり` }];

const ParamsSchema = z.object({ assignmentId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

async function requireScopedAssignment(request: Request, params: unknown) {
  const user = await requireRole(request, "manager");
  const parsed = ParamsSchema.safeParse(params);
  if (!parsed.success) throw new Response("指定された研修の割り当ては見つかりません。", { status: 404 });
  const scoped = requireTeamAssignment(getDb(), user.employeeId, parsed.data.assignmentId);
  return { user, scoped };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, scoped } = await requireScopedAssignment(request, params);
  const date = today();
  const detail = getAssignmentDetail(getDb(), scoped.id, date);
  if (!detail) throw new Response("指定された研修の割り当ては見つかりません。", { status: 404 });
  const tomorrow = addDays(date, 1);
  const suggested = addDays(detail.assignment.dueDate > date ? detail.assignment.dueDate : date, 14);
  return {
    member: { employeeNo: scoped.employeeNo, name: scoped.employeeName },
    isSelf: scoped.employeeId === user.employeeId,
    assignment: detail.assignment,
    events: detail.events,
    minDate: tomorrow,
    suggestedDueDate: suggested,
  };
}

const IntentSchema = z.object({ intent: z.enum(["extend", "exempt", "reinstate"]) });

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, scoped } = await requireScopedAssignment(request, params);
  requireNotSelf(user.employeeId, scoped);
  const form = await request.formData();
  const intent = IntentSchema.safeParse({ intent: form.get("intent") });
  if (!intent.success) throw new Response("不正な操作です。ページを読み込み直してください。", { status: 400 });
  const reason = form.get("reason");
  const newDueDate = form.get("newDueDate");
  const common = { assignmentId: scoped.id, reason, actorAccountId: user.accountId, ip: context?.clientIp ?? null };
  const db = getDb();
  const result =
    intent.data.intent === "extend"
      ? extendAssignment(db, { ...common, newDueDate }, now())
      : intent.data.intent === "exempt"
        ? exemptAssignment(db, common, now())
        : reinstateAssignment(db, { ...common, newDueDate }, now());
  if (!result.ok) {
    const feedback: ChangeFeedback = {
      intent: intent.data.intent,
      errors: result.errors,
      values: { newDueDate: typeof newDueDate === "string" ? newDueDate : "", reason: typeof reason === "string" ? reason.slice(0, 1000) : "" },
    };
    return data(feedback, { status: result.status });
  }
  const changed = { extend: "extension", exempt: "exemption", reinstate: "reinstatement" }[intent.data.intent];
  throw redirect(`/team/${encodeURIComponent(scoped.employeeNo)}?changed=${changed}#assignment-${scoped.id}`);
}

export default function TeamAssignment() {
  const { member, isSelf, assignment, events, minDate, suggestedDueDate } = useLoaderData<typeof loader>();
  const feedback = useActionData<typeof action>();
  return (
    <>
      <p className="breadcrumbs">
        <Link to="/team">所属の状況</Link> ＞ <Link to={`/team/${member.employeeNo}`}>{member.name} さんの研修記録</Link> ＞ 期限延長・免除
      </p>
      <AssignmentChangePage
        member={member}
        assignment={assignment}
        events={events}
        minDate={minDate}
        suggestedDueDate={suggestedDueDate}
        feedback={feedback}
        blocked={isSelf ? <p className="notice">ご自身の研修の期限延長・免除はできません。人事担当に依頼してください。</p> : null}
      />
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
