import { useTranslation } from "react-i18next";

// Shown once, right after an admin creates an account or resets a password; never stored in clear.
export function OneTimePasswordNotice({ email, password }: { email: string; password: string }) {
  const { t } = useTranslation();
  return (
    <div role="status" className="notice notice-success">
      <p>{t("users.oneTimePasswordFor", { email })}</p>
      <p>
        <code className="one-time-password">{password}</code>
      </p>
      <p>{t("users.oneTimePasswordHint")}</p>
    </div>
  );
}
