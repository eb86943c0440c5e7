import { formatWareki } from "~/domain/time";
import { formatCount } from "./format";

type Person = { employeeNo: string; name: string; nameKana: string; departmentName: string; categoryName: string; overdue: number; daysOverdue: number; oldestDueDate: string };

/** One row per person with overdue training, most days overdue first. */
export function OverdueTable({ people, caption, personHref }: { people: Person[]; caption: string; personHref: (employeeNo: string) => string }) {
  return (
    <div className="table-wrap">
      <table className="list-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">職員番号</th><th scope="col">氏名</th><th scope="col">所属</th><th scope="col">区分</th>
            <th scope="col">期限超過の件数</th><th scope="col">最長の超過日数</th><th scope="col">最も古い期限</th>
          </tr>
        </thead>
        <tbody>
          {people.map((person) => (
            <tr key={person.employeeNo} className="is-overdue">
              <td><a href={personHref(person.employeeNo)}>{person.employeeNo}</a></td>
              <td>{person.name}<span className="list-table__kana">{person.nameKana}</span></td>
              <td>{person.departmentName}</td>
              <td>{person.categoryName}</td>
              <td className="numeric">{formatCount(person.overdue)}件</td>
              <td className="numeric">{formatCount(person.daysOverdue)}日</td>
              <td className="nowrap">{formatWareki(person.oldestDueDate)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
