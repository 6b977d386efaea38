// Runs epubcheck over many EPUBs in one JVM: the test suite's EPUB check starts Java once instead
// of once per book (a JVM start costs seconds; checking a small book, milliseconds).
// Usage: java -cp epubcheck.jar scripts/EpubcheckBatch.java BOOK.epub REPORT.json [BOOK.epub REPORT.json ...]
import com.adobe.epubcheck.tool.EpubChecker;

public class EpubcheckBatch {
  public static void main(String[] args) {
    for (int i = 0; i + 1 < args.length; i += 2) {
      int code = new EpubChecker().run(new String[] { "--json", args[i + 1], args[i] });
      System.out.println("QUIRE-EPUBCHECK-EXIT " + code + " " + args[i]);
    }
  }
}
