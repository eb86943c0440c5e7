import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import type { ChangeFeedback } from "~/components/assignment-change-forms";
import { AssignmentChangePage } from "~/components/assignment-change-page";
import { getDb } from "~/db/client.server";
import { extendAssignment, exemptAssignment, reinstateAssignment } from "~/domain/assignments/changes.server";
import { requireRole } from "~/domain/auth/session.server";
import { now, today } from "~/domain/clock.server";
import { getAssignmentOwner } from "~/domain/assignments/owner.server";
import { getAssignmentDetail } from "~/domain/team/member.server";
import { addDays } from "~/domain/time";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `期限延長・免除：${data?.assignment.title ?? "研修"}｜まもり` }];

const ParamsSchema = z.object({ assignmentId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

/** HR may change any assignment in the organisation; auditors may look but not change. */
function requireAssignment(params: unknown) {
  const parsed = ParamsSchema.safeParse(params);
  const owner = parsed.success ? getAssignmentOwner(getDb(), parsed.data.assignmentId) : null;
  if (!owner) throw new Response("指定された研修の割り当ては見つかりません。", { status: 404 });
  return owner;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, "hr", "auditor");
  const owner = requireAssignment(params);
  const date = today();
  const detail = getAssignmentDetail(getDb(), owner.assignmentId, date)!;
  return {
    member: { employeeNo: owner.employeeNo, name: owner.name },
    canChange: user.roles.includes("hr"),
    assignment: detail.assignment,
    events: detail.events,
    minDate: addDays(date, 1),
    suggestedDueDate: addDays(detail.assignment.dueDate > date ? detail.assignment.dueDate : date, 14),
  };
}

const IntentSchema = z.object({ intent: z.enum(["extend", "exempt", "reinstate"]) });

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(request, "hr");
  const owner = requireAssignment(params);
  const form = await request.formData();
  const intent = IntentSchema.safeParse({ intent: form.get("intent") });
  if (!intent.success) throw new Response("不正な操作です。ページを読み込み直してください。", { status: 400 });
  const reason = form.get("reason");
  const newDueDate = form.get("newDueDate");
  const common = { assignmentId: owner.assignmentId, reason, actorAccountId: user.accountId, ip: context?.clientIp ?? null };
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
  throw redirect(`/hr/assignments/${owner.assignmentId}?changed=${intent.data.intent}`);
}

export default function HrAssignment() {
  const { member, canChange, assignment, events, minDate, suggestedDueDate } = useLoaderData<typeof loader>();
  const feedback = useActionData<typeof action>();
  return (
    <>
      <p className="breadcrumbs">
        <Link to="/hr">人事ダッシュボード</Link> ／ <Link to={`/hr/employees/${encodeURIComponent(member.employeeNo)}`}>{member.name} さんの受講記録</Link> ／ 期限延長・免除
      </p>
      <AssignmentChangePage
        member={member}
        assignment={assignment}
        events={events}
        minDate={minDate}
        suggestedDueDate={suggestedDueDate}
        feedback={feedback}
        blocked={canChange ? null : <p className="notice">監査担当は閲覧のみです。</p>}
      />
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
