import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { renderApp } from "../../../test/renderApp";

describe("settings", () => {
  it("shows each field's problem from save_settings in the error summary and inline", async () => {
    const { user, backend } = await renderApp();
    await user.click(document.querySelector<HTMLElement>('[data-nav="settings"]')!);
    const ods = await screen.findByLabelText("ODS code", {
      selector: "#settings-organisation-odsCode",
    });
    await user.clear(ods);
    await user.type(ods, "!");
    const root = document.getElementById("settings-practices-0-providerRoot")!;
    await user.clear(root);
    await user.type(root, "http://example/");
    await user.click(screen.getByRole("button", { name: "Save settings" }));
    const summary = await waitFor(() => {
      const el = document.getElementById("error-summary");
      expect(el).not.toBeNull();
      return el!;
    });
    expect(summary).toHaveTextContent("Enter your organisation's ODS code, like A12345");
    expect(summary).toHaveTextContent("A provider root is an https:// address with no trailing /");
    const link = summary.querySelector('a[href="#settings-practices-0-providerRoot"]');
    expect(link).not.toBeNull();
    expect(document.getElementById("settings-organisation-odsCode-error")).toHaveTextContent(
      "Enter your organisation's ODS code",
    );
    expect(backend.callsTo("save_settings")).toHaveLength(1);
  });

  it("looks a practice up in SDS and imports credentials, showing subject and expiry", async () => {
    const { user, backend } = await renderApp({ modes: { credentials: "expiresSoon" } });
    await user.click(document.querySelector<HTMLElement>('[data-nav="settings"]')!);
    await screen.findByRole("button", { name: "Add a practice" });
    await user.click(screen.getByRole("button", { name: "Add a practice" }));
    const index = 4;
    await user.type(document.getElementById(`settings-practices-${index}-odsCode`)!, "B82005");
    await user.click(document.querySelector<HTMLElement>(`[data-discover="${index}"]`)!);
    // SDS's answer is shown for this session and never written into the settings.
    const found = await waitFor(() => {
      const el = document.querySelector(`[data-discovered="${index}"]`);
      expect(el).not.toBeNull();
      return el!;
    });
    expect(found).toHaveTextContent("https://127.0.0.1:19443/B82005/STU3/1/gpconnect");
    expect(document.getElementById(`settings-practices-${index}-providerRoot`)).toHaveValue("");
    // The look-up used the form's values, unsaved.
    expect(backend.callsTo("discover_practice")[0]).toEqual({
      sdsUrl: "https://127.0.0.1:19443/sds",
      odsCode: "B82005",
    });
    expect(backend.callsTo("save_settings")).toHaveLength(0);
    for (const id of ["choose-clientCertificate", "choose-clientKey", "choose-trustedCa"]) {
      await user.click(document.getElementById(id)!);
    }
    await waitFor(() =>
      expect(screen.getByText("/home/user/certificates/trusted-ca.pem")).toBeInTheDocument(),
    );
    await user.click(document.getElementById("import-credentials")!);
    expect(await screen.findByText("Imported")).toBeInTheDocument();
    expect(screen.getAllByText(/This certificate expires in 12 days/).length).toBeGreaterThan(0);
    expect(backend.callsTo("import_credentials")[0]).toEqual({
      certificate: "/home/user/certificates/client-certificate.pem",
      key: "/home/user/certificates/client-key.pem",
      trustedCa: "/home/user/certificates/trusted-ca.pem",
    });
    expect(document.getElementById("certificate-status")).toHaveTextContent(
      "Certificate expires in 12 days",
    );
  });

  it("stores the SDS API key without ever showing or sending it back", async () => {
    const { user, backend } = await renderApp();
    await user.click(document.querySelector<HTMLElement>('[data-nav="settings"]')!);
    const input = await screen.findByLabelText("New SDS API key");
    expect(input).toHaveAttribute("type", "password");
    expect(document.getElementById("sds-key-state")).toHaveTextContent("is stored");
    await user.click(screen.getByRole("button", { name: "Remove the stored key" }));
    await waitFor(() =>
      expect(document.getElementById("sds-key-state")).toHaveTextContent("No SDS API key"),
    );
    await user.type(input, "  int-key-123  ");
    await user.click(screen.getByRole("button", { name: "Store the key" }));
    await waitFor(() =>
      expect(document.getElementById("sds-key-state")).toHaveTextContent("is stored"),
    );
    expect(input).toHaveValue("");
    expect(backend.callsTo("save_sds_api_key")).toEqual([{ stored: false }, { stored: true }]);
  });

  it("PDS: its addresses checked on save; the private key imported from a chosen file, the API key stored and never shown", async () => {
    const { user, backend } = await renderApp();
    await user.click(document.querySelector<HTMLElement>('[data-nav="settings"]')!);
    const url = await screen.findByLabelText("PDS FHIR address");
    await user.clear(url);
    await user.type(url, "http://pds.example");
    await user.click(screen.getByRole("button", { name: "Save settings" }));
    await waitFor(() =>
      expect(document.getElementById("error-summary")).toHaveTextContent(
        "Enter the PDS FHIR address, starting https://",
      ),
    );

    await user.click(screen.getByRole("button", { name: "Import the PDS private key (PEM)…" }));
    await waitFor(() => expect(backend.callsTo("import_pds_key")).toHaveLength(1));
    expect(backend.callsTo("choose_credential_file")).toContainEqual({ kind: "pdsClientKey" });
    expect(await screen.findByText("The PDS private key is stored.")).toBeInTheDocument();

    await user.type(screen.getByLabelText("New PDS API key"), "secret-api-key");
    await user.click(document.getElementById("save-pds-api-key")!);
    await waitFor(() => expect(backend.callsTo("save_pds_api_key")).toEqual([{ stored: true }]));
    expect(screen.getByLabelText("New PDS API key")).toHaveValue("");
    expect(document.body.textContent).not.toContain("secret-api-key");
  });
});
