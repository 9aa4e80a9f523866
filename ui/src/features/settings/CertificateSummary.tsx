/**
 * A client certificate's subject, issuer and expiry, warning when it has expired or expires
 * within 30 days. Never anything from the private key.
 */
import type { CertificateInfo } from "../../ipc/bindings/CertificateInfo";
import { formatIsoDate } from "../../lib/ukTime";

export function CertificateSummary({ info }: { info: CertificateInfo }) {
  const warn = info.expired || info.expiresSoon || info.daysRemaining <= 30;
  return (
    <div
      className={`app-message ${info.expired ? "app-message--error" : warn ? "app-message--warning" : "app-message--info"}`}
      id="certificate-info"
    >
      <dl className="app-certificate">
        <dt>Subject</dt>
        <dd>{info.subject}</dd>
        <dt>Issuer</dt>
        <dd>{info.issuer}</dd>
        <dt>Valid until</dt>
        <dd>{formatIsoDate(info.notAfter)}</dd>
      </dl>
      {info.expired ? (
        <p>
          <strong>This certificate has expired.</strong> Import a new one: nothing can be sent to
          the NHS network with it.
        </p>
      ) : warn ? (
        <p>
          <strong>
            This certificate expires in {info.daysRemaining}{" "}
            {info.daysRemaining === 1 ? "day" : "days"}.
          </strong>{" "}
          Ask your IT support for a new one before it expires.
        </p>
      ) : null}
    </div>
  );
}
