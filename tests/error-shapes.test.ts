import { GraphQLError } from "graphql";
import { t } from "../src/i18n/text";
import { createLogger } from "../src/logger";
import { errorFormatter } from "../src/schema/errors";
import { FieldProblem, UserErrorCode, UserInputError } from "../src/services/errors";

const format = errorFormatter(createLogger("silent"), false);

describe("how a resolver's error reaches the client", () => {
  it("answers an input mistake thrown outside a payload as BAD_USER_INPUT naming the field, not INTERNAL_SERVER_ERROR", () => {
    const mistake = new UserInputError([new FieldProblem("memberIds", UserErrorCode.INVALID, t("input.required", { field: "memberIds" }))]);
    const error = new GraphQLError("thrown in a resolver", { path: ["recordAttendance"], originalError: mistake });
    const formatted = format({ message: error.message, path: ["recordAttendance"], extensions: { code: "INTERNAL_SERVER_ERROR" } }, error, "zh-Hant");
    expect(formatted.extensions).toEqual({ code: "BAD_USER_INPUT", field: "input.memberIds", problem: "INVALID" });
    expect(formatted.message).toEqual(t("input.required", { field: "memberIds" }).render("zh-Hant"));
  });

  it("still hides an unexpected failure behind INTERNAL_SERVER_ERROR with no detail", () => {
    const error = new GraphQLError("boom", { path: ["x"], originalError: new TypeError("secret detail") });
    const formatted = format({ message: "boom", path: ["x"], extensions: { code: "INTERNAL_SERVER_ERROR" } }, error, "en");
    expect(formatted.extensions).toEqual({ code: "INTERNAL_SERVER_ERROR" });
    expect(formatted.message).not.toContain("secret");
  });
});
