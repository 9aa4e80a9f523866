import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { ErrorSummary } from "./ErrorSummary";

describe("error summary", () => {
  it("takes focus when problems appear and on a new attempt, not while they are being fixed", () => {
    const items = [
      { inputId: "description", message: "Enter a description" },
      { inputId: "comment", message: "Comment must be 500 characters or fewer" },
    ];
    const { rerender } = render(
      <>
        <input aria-label="field" />
        <ErrorSummary items={[]} attempt={0} />
      </>,
    );
    rerender(
      <>
        <input aria-label="field" />
        <ErrorSummary items={items} attempt={1} />
      </>,
    );
    const summary = document.getElementById("error-summary")!;
    expect(summary).toHaveFocus();
    expect(screen.getByRole("link", { name: "Enter a description" })).toHaveAttribute(
      "href",
      "#description",
    );

    screen.getByLabelText("field").focus();
    rerender(
      <>
        <input aria-label="field" />
        <ErrorSummary items={items.slice(1)} attempt={1} />
      </>,
    );
    expect(screen.getByLabelText("field")).toHaveFocus();

    rerender(
      <>
        <input aria-label="field" />
        <ErrorSummary items={items.slice(1)} attempt={2} />
      </>,
    );
    expect(summary).toHaveFocus();
  });
});
