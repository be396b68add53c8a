import { useFetcher } from "@remix-run/react";
import { useEffect, useId, useMemo, useState, type ChangeEvent } from "react";
import { useTranslation } from "react-i18next";
import type { Locale } from "~/lib/i18n";
import { placeName, type PlaceNames } from "~/lib/places";
import { ErrorList } from "./error-list";

type PlacesData = { places: PlaceNames };

export type PlacePickerProps = {
  legend: string;
  /** Form field names of the oblast and hromada P-codes; the raion only narrows the choice. */
  oblastName: string;
  hromadaName: string;
  defaultOblast?: string | null;
  defaultHromada?: string | null;
  oblasts: PlaceNames;
  /** Translation keys, as Conform gives them. */
  errors?: { oblast?: string[] | null; hromada?: string[] | null };
  required?: boolean;
  /** Raions and hromadas of the defaults (placePickerOptions), so they show before scripts load. */
  initialOptions?: { raions: PlaceNames; hromadas: PlaceNames };
};

/**
 * Cascading oblast → raion → hromada selects that submit P-codes (domain.md §3). Raions and
 * hromadas are loaded from /places as the choice narrows. Before scripts run, the oblast select
 * works and the hromada may stay empty; the server validates either way.
 */
export function PlacePicker({
  legend,
  oblastName,
  hromadaName,
  defaultOblast,
  defaultHromada,
  oblasts,
  errors,
  required = false,
  initialOptions,
}: PlacePickerProps) {
  const { t, i18n } = useTranslation();
  const locale: Locale = i18n.language === "en" ? "en" : "uk";
  const id = useId();
  const ids = { oblast: `${id}-oblast`, raion: `${id}-raion`, hromada: `${id}-hromada` };
  // KATOTTH codes nest: hromada UA0502003 lies in raion UA0502 of oblast UA05.
  const initialRaion = defaultHromada ? defaultHromada.slice(0, 6) : "";
  const initialOblast = defaultOblast || (defaultHromada ? defaultHromada.slice(0, 4) : "");
  const [oblast, setOblast] = useState(initialOblast);
  const [raion, setRaion] = useState(initialRaion);
  const [hromada, setHromada] = useState(defaultHromada ?? "");
  const [hydrated, setHydrated] = useState(false);
  const raions = useChildPlaces(oblast, initialOblast, initialOptions?.raions);
  const hromadas = useChildPlaces(raion, initialRaion, initialOptions?.hromadas);

  const { loadChildren: loadRaions } = raions;
  const { loadChildren: loadHromadas } = hromadas;
  useEffect(() => {
    setHydrated(true);
    if (initialOblast && !initialOptions?.raions) loadRaions(initialOblast);
    if (initialRaion && !initialOptions?.hromadas) loadHromadas(initialRaion);
    // Once, for the defaults; later loads follow the user's choices.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // Choosing a search result sets the whole chain: KATOTTH codes nest, so the hromada's
  // P-code names its raion and oblast.
  function chooseFound(pcode: string) {
    setOblast(pcode.slice(0, 4));
    setRaion(pcode.slice(0, 6));
    setHromada(pcode);
    loadRaions(pcode.slice(0, 4));
    loadHromadas(pcode.slice(0, 6));
  }

  function chooseOblast(event: ChangeEvent<HTMLSelectElement>) {
    setOblast(event.target.value);
    setRaion("");
    setHromada("");
    if (event.target.value) loadRaions(event.target.value);
  }

  function chooseRaion(event: ChangeEvent<HTMLSelectElement>) {
    setRaion(event.target.value);
    setHromada("");
    if (event.target.value) loadHromadas(event.target.value);
  }

  const raionPlaceholder = !oblast
    ? t("locations.picker.chooseOblastFirst")
    : raions.loading
      ? t("locations.picker.loading")
      : t("locations.picker.chooseRaion");
  const hromadaPlaceholder = !raion
    ? t("locations.picker.chooseRaionFirst")
    : hromadas.loading
      ? t("locations.picker.loading")
      : t("locations.picker.chooseHromada");
  const oblastErrors = errors?.oblast?.length ? errors.oblast : null;
  const hromadaErrors = errors?.hromada?.length ? errors.hromada : null;

  return (
    <fieldset className="place-picker stack">
      <legend>{legend}</legend>
      {hydrated ? <HromadaSearch id={`${id}-search`} oblasts={oblasts} locale={locale} onChoose={chooseFound} /> : null}
      <div className="field">
        <label htmlFor={ids.oblast} className={required ? "required-label" : undefined}>
          {t("locations.picker.oblast")}
        </label>
        <select
          id={ids.oblast}
          name={oblastName}
          value={oblast}
          onChange={chooseOblast}
          required={required}
          aria-invalid={oblastErrors ? true : undefined}
          aria-describedby={oblastErrors ? `${ids.oblast}-errors` : undefined}
        >
          <option value="">{t("locations.picker.chooseOblast")}</option>
          <PlaceOptions places={oblasts} selected={oblast} locale={locale} />
        </select>
        <ErrorList id={`${ids.oblast}-errors`} errors={oblastErrors} />
      </div>
      <div className="field">
        <label htmlFor={ids.raion}>{t("locations.picker.raion")}</label>
        <select
          id={ids.raion}
          value={raion}
          onChange={chooseRaion}
          disabled={hydrated && !oblast}
          required={required && hydrated}
          aria-busy={raions.loading || undefined}
        >
          <option value="">{raionPlaceholder}</option>
          <PlaceOptions places={raions.places} selected={raion} locale={locale} />
        </select>
      </div>
      <div className="field">
        <label htmlFor={ids.hromada}>{t("locations.picker.hromada")}</label>
        <select
          id={ids.hromada}
          name={hromadaName}
          value={hromada}
          onChange={(event) => setHromada(event.target.value)}
          disabled={hydrated && !raion}
          required={required && hydrated}
          aria-busy={hromadas.loading || undefined}
          aria-invalid={hromadaErrors ? true : undefined}
          aria-describedby={hromadaErrors ? `${ids.hromada}-errors` : undefined}
        >
          <option value="">{hromadaPlaceholder}</option>
          <PlaceOptions places={hromadas.places} selected={hromada} locale={locale} />
        </select>
        <ErrorList id={`${ids.hromada}-errors`} errors={hromadaErrors} />
      </div>
    </fieldset>
  );
}

/**
 * The children of `parent`, loaded with a fetcher. A new load supersedes (aborts) the previous
 * one, and the list is shown only once it belongs to the current parent.
 */
function useChildPlaces(parent: string, initialParent: string, initialPlaces: PlaceNames | undefined) {
  const fetcher = useFetcher<PlacesData>();
  const [requested, setRequested] = useState<string | null>(null);
  const loaded = fetcher.state === "idle" && requested === parent && fetcher.data ? fetcher.data.places : null;
  const { load } = fetcher;
  const loadChildren = useMemo(
    () => (pcode: string) => {
      setRequested(pcode);
      load(`/places?parent=${encodeURIComponent(pcode)}`);
    },
    [load],
  );
  const places = loaded ?? (parent && parent === initialParent && initialPlaces ? initialPlaces : []);
  return { places, loading: requested === parent && fetcher.state !== "idle", loadChildren };
}

/** The places in the reader's alphabetical order, keeping a chosen P-code not (yet) listed. */
function PlaceOptions({ places, selected, locale }: { places: PlaceNames; selected: string; locale: Locale }) {
  const sorted = useMemo(() => {
    const collator = new Intl.Collator(locale);
    return [...places].sort((a, b) => collator.compare(placeName(a, locale), placeName(b, locale)));
  }, [places, locale]);
  const missing = selected !== "" && !places.some((place) => place.pcode === selected);
  return (
    <>
      {/* Before the list arrives (or without scripts) the default still submits its P-code. */}
      {missing ? <option value={selected}>{selected}</option> : null}
      {sorted.map((place) => (
        <option key={place.pcode} value={place.pcode}>
          {placeName(place, locale)}
        </option>
      ))}
    </>
  );
}

/** Finds hromadas by name in either language and hands the chosen P-code to the picker. */
function HromadaSearch({ id, oblasts, locale, onChoose }: { id: string; oblasts: PlaceNames; locale: Locale; onChoose: (pcode: string) => void }) {
  const { t } = useTranslation();
  const fetcher = useFetcher<PlacesData>();
  const [query, setQuery] = useState("");
  const oblastByPcode = useMemo(() => new Map(oblasts.map((oblast) => [oblast.pcode, oblast])), [oblasts]);
  const results = query.trim().length >= 2 && fetcher.data ? fetcher.data.places : null;
  return (
    <div className="field place-search">
      <label htmlFor={id}>{t("locations.picker.search")}</label>
      <p id={`${id}-hint`} className="field-hint">
        {t("locations.picker.searchHint")}
      </p>
      <input
        id={id}
        type="search"
        value={query}
        autoComplete="off"
        aria-describedby={`${id}-hint`}
        onChange={(event) => {
          const value = event.target.value;
          setQuery(value);
          if (value.trim().length >= 2) fetcher.load(`/places?q=${encodeURIComponent(value.trim())}&level=3&limit=8&lang=${locale}`);
        }}
      />
      {results ? (
        results.length === 0 ? (
          <p className="field-hint">{t("locations.picker.noMatches")}</p>
        ) : (
          <ul className="place-results" aria-label={t("locations.picker.matches")}>
            {results.map((place) => (
              <li key={place.pcode}>
                <button
                  type="button"
                  className="button-link"
                  onClick={() => {
                    onChoose(place.pcode);
                    setQuery("");
                  }}
                >
                  {placeName(place, locale)} · {placeName(oblastByPcode.get(place.pcode.slice(0, 4)), locale)}
                </button>
              </li>
            ))}
          </ul>
        )
      ) : null}
    </div>
  );
}
